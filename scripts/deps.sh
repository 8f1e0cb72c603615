#!/usr/bin/env bash
# scripts/deps.sh — install the system packages SMGW's tests need (Debian 12).
#
# Idempotent and quiet: checks what is already there (dpkg -s / the binaries)
# and only runs `apt-get update` + `apt-get install` when something is missing,
# so repeat runs take well under a second.
#
# What the tests need:
#   postfix        smtp-sink / smtp-source in /usr/sbin; the onboarding-check tests
#                  also run private Postfix instances (`postfix -c DIR start`, own
#                  config/queue in a temp folder, loopback only). The default
#                  instance is NOT used and is kept from starting during the install.
#   postgresql-15  initdb / pg_ctl / pg_isready / psql (scripts/pg.sh)
#   libsqlite3-0   native SQLite for Microsoft.Data.Sqlite
#   openssl, gpg   test certificates and keys
#   gpgsm          exports KDE's S/MIME test key from its gpgsm home (tests/Smgw.Tests/Corpora)
#   curl, xz-utils scripts/corpora.sh fetches and unpacks other clients' test messages from Debian's archive
#   python3        scripts/test.sh parses the .trx files with it (stdlib only)
#   dnsmasq-base   /usr/sbin/dnsmasq: a real DNS server (MX, A, NXDOMAIN) for the delivery tests
#   docker-compose /usr/bin/docker-compose: `config` validates docker/docker-compose.yml
#   prometheus     /usr/bin/promtool: `check rules` / `test rules` on docker/prometheus/ (the
#                  Prometheus daemon is NOT used and is kept from starting, like postfix's)
#   chromium, chromium-driver  /usr/bin/chromium, /usr/bin/chromedriver: the Messenger's
#                  real-browser tests (Selenium drives Debian's headless Chromium; nothing is downloaded)
#   swaks          optional, handy for manual testing and the docs
#
# Env:
#   SMGW_DEPS_FORCE=1   reinstall postfix even when present (to test the install path)
#   SMGW_DEPS_VERBOSE=1 show apt's output instead of logging it to a temp file
set -euo pipefail

log() { echo "deps: $*" >&2; }
die() { echo "deps: ERROR: $*" >&2; exit 1; }

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
else
  SUDO=()
fi

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# pkg:check pairs — check is an executable path that must exist, or "-" to rely on dpkg.
missing=()
need() { # need PACKAGE [FILE...]
  local pkg=$1; shift
  local f
  for f in "$@"; do
    [[ -x $f ]] || { missing+=("$pkg"); return; }
  done
  if [[ $# -eq 0 ]] && ! have_pkg "$pkg"; then missing+=("$pkg"); fi
}

need postfix /usr/sbin/smtp-sink /usr/sbin/smtp-source
# Any installed PostgreSQL server will do for pg.sh; install 15 only if none.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql-15)
fi
need libsqlite3-0
need openssl /usr/bin/openssl
need gpg /usr/bin/gpg
need gpgsm /usr/bin/gpgsm
need curl /usr/bin/curl
need xz-utils /usr/bin/xz
need python3 /usr/bin/python3
need dnsmasq-base /usr/sbin/dnsmasq   # a real DNS server for the MX-delivery tests (no service)
need docker-compose /usr/bin/docker-compose   # validates docker/docker-compose.yml (no engine here)
need prometheus /usr/bin/promtool   # checks and unit-tests docker/prometheus/rules.yml (no daemon)
need chromium /usr/bin/chromium   # the Messenger's browser tests (headless)
need chromium-driver /usr/bin/chromedriver
[[ ${SMGW_DEPS_FORCE:-} == 1 ]] && ! printf '%s\n' "${missing[@]}" | grep -qx postfix && missing+=(postfix)

want_swaks=0
command -v swaks >/dev/null 2>&1 || want_swaks=1

if [[ ${#missing[@]} -eq 0 && $want_swaks -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 && ${#SUDO[@]} -eq 0 ]]; then
  die "missing packages (${missing[*]:-swaks}) and not root, no sudo: install them with apt-get as root"
fi
if [[ ${#missing[@]} -eq 0 && $want_swaks -eq 1 && $(id -u) -ne 0 ]] && ! "${SUDO[@]}" true 2>/dev/null; then
  exit 0 # only the optional swaks is missing and we can't install without a password: skip quietly
fi

export DEBIAN_FRONTEND=noninteractive
export APT_LISTCHANGES_FRONTEND=none NEEDRESTART_MODE=a
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q
     -o DPkg::Lock::Timeout=300
     -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
     --no-install-recommends)

aptlog=$(mktemp -t smgw-deps.XXXXXX)
created_policy=0
cleanup() {
  if [[ $created_policy -eq 1 ]]; then "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d; fi
  rm -f "$aptlog"
}
trap cleanup EXIT

run_apt() { # run_apt DESCRIPTION ARGS... — quiet unless it fails (or SMGW_DEPS_VERBOSE=1)
  local what=$1; shift
  if [[ ${SMGW_DEPS_VERBOSE:-} == 1 ]]; then
    timeout 900 "$@" </dev/null 2>&1 | tee -a "$aptlog"
    return "${PIPESTATUS[0]}"
  fi
  local rc=0
  timeout 900 "$@" </dev/null >>"$aptlog" 2>&1 || rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "deps: ERROR: $what failed (exit $rc$([[ $rc -eq 124 ]] && echo ', timed out')). Last lines of apt's output:" >&2
    tail -n 30 "$aptlog" | sed 's/^/    /' >&2
    return 1
  fi
}

# Keep package maintainer scripts from starting daemons (postfix, postgresql, prometheus):
# we only need the binaries. Docker-style images usually ship this file already.
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi

# Postfix: answer debconf up front so the install never prompts. "Local only"
# gives a valid main.cf (smtp-sink/smtp-source don't need it, but postfix's
# tools are happier with one) and never relays anywhere.
if ! have_pkg postfix; then
  printf '%s\n' \
    "postfix postfix/main_mailer_type select Local only" \
    "postfix postfix/mailname string localhost" \
    | "${SUDO[@]}" debconf-set-selections
fi

log "installing: ${missing[*]} $([[ $want_swaks -eq 1 ]] && echo '(+ swaks if available)')"
run_apt "apt-get update" "${APT[@]}" update \
  || die "apt-get update failed: is the Debian mirror reachable? (see above)"

if [[ ${#missing[@]} -gt 0 ]]; then
  reinstall=()
  [[ ${SMGW_DEPS_FORCE:-} == 1 ]] && reinstall=(--reinstall)
  run_apt "apt-get install ${missing[*]}" "${APT[@]}" install "${reinstall[@]}" "${missing[@]}" \
    || die "could not install: ${missing[*]}"
fi

if [[ $want_swaks -eq 1 ]]; then
  if apt-cache show swaks >/dev/null 2>&1; then
    run_apt "apt-get install swaks" "${APT[@]}" install swaks || log "warning: swaks not installed (optional)"
  else
    log "swaks is not available from apt (optional, skipped)"
  fi
fi

# Verify what the tests actually use.
for f in /usr/sbin/smtp-sink /usr/sbin/smtp-source; do
  [[ -x $f ]] || die "$f still missing after installing postfix"
done
log "done"
