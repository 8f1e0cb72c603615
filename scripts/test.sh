#!/usr/bin/env bash
# scripts/test.sh [dotnet test args...] — THE way to run SMGW's tests.
#
#   ./scripts/test.sh                          # everything
#   ./scripts/test.sh --filter "FullyQualifiedName~Smtp"
#
# 1. scripts/deps.sh installs missing system packages (postfix for smtp-sink/
#    smtp-source, PostgreSQL, ...); skip with SMGW_SKIP_DEPS=1.
# 2. scripts/pg.sh start brings up a throwaway PostgreSQL on 127.0.0.1:55432.
#    scripts/corpora.sh fetches other clients' S/MIME and OpenPGP test messages (cached).
# 3. Exports for the tests:
#      SMGW_TEST_POSTGRES     Npgsql connection string (role may CREATE DATABASE)
#      SMGW_TEST_SMTP_SINK    /usr/sbin/smtp-sink   (as root it needs `-u nobody`)
#      SMGW_TEST_SMTP_SOURCE  /usr/sbin/smtp-source
#      SMGW_TEST_CORPORA      the unpacked corpora (scripts/corpora.sh)
# 4. dotnet build + dotnet test Smgw.sln -c Release, TRX files in TestResults/.
# 5. Prints, as the very last line, `N passed, N failed` summed over all TRX
#    files. Exit status is non-zero if the build failed, any test failed,
#    the test host crashed, or no test ran at all.
#
# A single test running longer than SMGW_TEST_HANG_TIMEOUT (default 15m) is
# treated as hung: its test host is killed and the run fails, naming the test.
#
# PostgreSQL: if it is not running, the data dir is wiped and a fresh cluster
# started (SMGW_PG_KEEP=1 to keep it), and stopped again at the end. A cluster
# that was already running (e.g. `scripts/pg.sh start` by hand, for an IDE) is
# used as is and left running. SMGW_PG_DIR / SMGW_PG_PORT: see scripts/pg.sh.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root" || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_UI_LANGUAGE=en MSBUILDTERMINALLOGGER=off

SLN=${SMGW_SLN:-Smgw.sln}
RESULTS=$root/TestResults
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

started_pg=0
stop_pg() {
  if [[ $started_pg -eq 1 ]]; then
    bash "$here/pg.sh" stop >/dev/null 2>&1 || true
    started_pg=0
  fi
}
trap stop_pg EXIT
trap 'stop_pg; exit 130' INT
trap 'stop_pg; exit 143' TERM

# finish PASSED FAILED EXITCODE — stop services first so nothing prints after the summary.
finish() {
  stop_pg
  # Build servers (MSBuild nodes, VBCSCompiler) are disabled in CI; nothing lingers.
  echo "$1 passed, $2 failed"
  exit "$3"
}

fail_early() { # a setup step failed: no tests could run
  echo "test.sh: $*" >&2
  finish 0 1 1
}

# ---- 0. /dev/null -----------------------------------------------------------
# Once (2026-11-26, during parallel development) /dev/null turned into a regular file on this
# machine and every later initdb failed. Repair it before starting (as root), and check after the
# tests that none of them replaced it.
devnull_ok() { [[ -c /dev/null ]]; }
if ! devnull_ok; then
  echo "test.sh: /dev/null is not a character device; recreating it" >&2
  rm -f /dev/null && mknod -m 666 /dev/null c 1 3 || { echo "test.sh: cannot repair /dev/null" >&2; exit 1; }
fi

# Temporary folders of earlier test runs whose process is gone (a killed or crashed run; a normal
# run deletes its own smgw-tests-PID folder when the test process exits).
for d in "${TMPDIR:-/tmp}"/smgw-tests-*; do
  [[ -d $d ]] || continue
  pid=${d##*-}
  [[ $pid =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null && rm -rf "$d"
done

# ---- 1. system deps ---------------------------------------------------------
if [[ ${SMGW_SKIP_DEPS:-} != 1 ]]; then
  bash "$here/deps.sh" || fail_early "installing dependencies failed (scripts/deps.sh)"
fi

# ---- 2. PostgreSQL ----------------------------------------------------------
if ! bash "$here/pg.sh" status; then
  started_pg=1
  # Not running: start from an empty cluster so databases left by an earlier
  # (crashed) run can't leak into this one. SMGW_PG_KEEP=1 keeps the data dir.
  [[ ${SMGW_PG_KEEP:-} == 1 ]] || bash "$here/pg.sh" reset || fail_early "could not reset the PostgreSQL data dir"
fi
bash "$here/pg.sh" start || fail_early "could not start PostgreSQL (scripts/pg.sh start)"

# ---- 2b. other mail software's test messages (Debian's archive; cached in .cache/corpora) --------------
SMGW_TEST_CORPORA=$(bash "$here/corpora.sh") || fail_early "could not fetch the test corpora (scripts/corpora.sh)"
export SMGW_TEST_CORPORA

# ---- 3. environment for the tests -------------------------------------------
SMGW_TEST_POSTGRES=$(bash "$here/pg.sh" url)
export SMGW_TEST_POSTGRES
export SMGW_TEST_SMTP_SINK=${SMGW_TEST_SMTP_SINK:-/usr/sbin/smtp-sink}
export SMGW_TEST_SMTP_SOURCE=${SMGW_TEST_SMTP_SOURCE:-/usr/sbin/smtp-source}
echo "test.sh: SMGW_TEST_POSTGRES=$SMGW_TEST_POSTGRES"
echo "test.sh: SMGW_TEST_SMTP_SINK=$SMGW_TEST_SMTP_SINK SMGW_TEST_SMTP_SOURCE=$SMGW_TEST_SMTP_SOURCE"

# ---- 4. build, then test ----------------------------------------------------
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

common=(-c Release -nologo)
# In CI don't leave MSBuild/compiler servers running after the script ends.
[[ ${CI:-} == true || ${CI:-} == 1 ]] && common+=(--disable-build-servers)

echo "test.sh: dotnet build $SLN -c Release"
if ! dotnet build "$SLN" "${common[@]}" -v minimal; then
  echo "BUILD FAILED — no tests were run"
  finish 0 1 1
fi

echo "test.sh: dotnet test $SLN -c Release $*"
dotnet test "$SLN" "${common[@]}" --no-build \
  --results-directory "$RESULTS" \
  --logger trx \
  --logger "console;verbosity=normal" \
  --blame-hang-timeout "${SMGW_TEST_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none \
  "$@"
test_rc=$?

# ---- 5. count results from ALL .trx files ------------------------------------
counts=$("$PY" - "$RESULTS" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET
root = sys.argv[1]
passed = failed = skipped = executed = 0
files = sorted(glob.glob(os.path.join(root, "**", "*.trx"), recursive=True))
bad = 0
for f in files:
    try:
        tree = ET.parse(f)
    except ET.ParseError as e:
        print(f"test.sh: cannot parse {f}: {e}", file=sys.stderr)
        bad += 1
        continue
    c = tree.getroot().find(".//{*}ResultSummary/{*}Counters")
    if c is None:
        bad += 1
        continue
    g = lambda k: int(c.get(k, "0") or 0)
    passed += g("passed") + g("passedButRunAborted")
    failed += g("failed") + g("error") + g("timeout") + g("aborted")
    skipped += max(g("total") - g("executed"), g("notExecuted") + g("notRunnable"))
    executed += g("executed")
print(passed, failed, skipped, executed, len(files), bad)
PY
) || counts="0 0 0 0 0 1"
read -r passed failed skipped _executed nfiles badfiles <<<"$counts"
if ! devnull_ok; then
  echo "test.sh: /dev/null was replaced by a regular file during the tests; counted as a failure" >&2
  rm -f /dev/null && mknod -m 666 /dev/null c 1 3
  failed=$((failed + 1))
fi

echo "test.sh: $nfiles TRX file(s) in TestResults/: $passed passed, $failed failed, $skipped skipped (dotnet test exit code $test_rc)"

rc=0
if [[ $failed -gt 0 ]]; then
  rc=1
elif [[ $test_rc -ne 0 ]]; then
  # dotnet test failed but the TRX files show no failed test: test host crash,
  # a project that produced no TRX, bad arguments... Count it as one failure.
  echo "test.sh: dotnet test exited with $test_rc although no failed test was recorded (crash, missing TRX or bad arguments?)"
  failed=1; rc=1
elif [[ $badfiles -gt 0 ]]; then
  echo "test.sh: $badfiles TRX file(s) could not be read"
  failed=$((failed + 1)); rc=1
elif [[ $passed -eq 0 ]]; then
  echo "test.sh: NO TESTS RAN (check the --filter, or that test projects are in $SLN)"
  rc=1
fi
finish "$passed" "$failed" "$rc"
