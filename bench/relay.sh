#!/usr/bin/env bash
# bench/relay.sh — relay benchmark: SMGW all-in-one vs. a local Postfix relay (issues A and B).
#
# BENCH_MODE=plain (default, issue A): Internet -> tenant, no policy action, smtp-source for both.
# BENCH_MODE=smime (issue B): tenant -> Internet through SMGW's tenant (submission) listener, every
#   message signed with the tenant's organisation certificate and encrypted to the recipient's
#   certificate (RSA-$BENCH_RSA, a CA and certificates made by openssl in the work directory),
#   delivered to a smarthost sink; SMGW's listener demands STARTTLS, so its load comes from
#   bench/load.py (python, STARTTLS, 100 messages per connection) and the probe speaks STARTTLS.
#   Postfix is the *plain* relay reference, loaded by smtp-source as in plain mode (a faster,
#   lighter client on a 2-core machine: the comparison leans towards Postfix, not SMGW).
#   The script checks that what reached SMGW's sink is application/pkcs7-mime without the text.
# BENCH_MODE=smime-in (issue B): Internet -> tenant through SMGW's Internet listener, every message
#   signed by the partner's certificate and encrypted to the tenant's organisation certificate (made
#   once by openssl cms), decrypted and verified by SMGW (built-in inbound policy) and delivered with
#   its X-SMGW-Decryption/X-SMGW-Signature stamps; loaded by bench/load.py --body-file (no TLS).
#   Postfix is again the plain relay reference with smtp-source. The script checks the stamps.
#
# For each system, in this one invocation:
#   smtp-source (10 KB messages, 10 then 50 parallel sessions, one connection per message)
#     -> the relay on a free 127.0.0.1 port
#     -> smtp-sink (-u nobody, one dump file per message) on another free 127.0.0.1 port.
#   (a) SMGW: the Release build of Silo (dotnet Silo/bin/Release/net10.0/Smgw.Silo.dll), its own
#       temp data directory (SQLite), free loopback ports; tenant "bench" (bench.example) whose
#       internalServer is the sink; the load goes to the Internet-facing (Inbound) listener.
#   (b) Postfix: a throwaway instance (own config and queue directory, `postfix -c DIR start`,
#       inet_interfaces=loopback-only, one smtpd on a free 127.0.0.1 port, relay_domains +
#       transport_maps to the sink, Postfix defaults otherwise); stopped and deleted afterwards.
#
# Measured per load step and system:
#   msgs/s     load messages / (first message sent .. the sink holds all of them)
#   p50, p99   accept latency: end of DATA -> 250, measured by bench/probe.py (the same client
#              for both systems) sending sequential 10 KB messages to a second domain
#              (probe.example -> a second sink) while the load runs
#   peak RSS   SMGW: VmHWM of the dotnet process; Postfix: peak of the sum of VmRSS over the
#              master process and all its children, sampled every 100 ms (bench/rss.py).
#              That sum counts Postfix's shared libraries once per process, so the peak sum of
#              Pss (shared pages split among their users) is printed for both as well.
# SMGW's own smgw_accept_latency_seconds histogram (server side) is printed as well.
#
# Needs root (smtp-sink -u nobody, postfix start), dotnet, python3 (stdlib), and Postfix's
# smtp-source/smtp-sink (scripts/deps.sh installs postfix when missing). Traffic is 127.0.0.1 only.
#
# Env (defaults):
#   BENCH_MESSAGES=2000      load messages per step (each step: MESSAGES messages at S sessions)
#   BENCH_SESSIONS="10 50"   the steps
#   BENCH_SIZE=10240         message payload bytes (smtp-source -l)
#   BENCH_PROBE_MAX=300      most probe messages per step (the probe also stops when the load ends)
#   BENCH_WARMUP=15000       unmeasured messages sent first, at 5 sessions (connection set-up, caches, and
#                            above all .NET's tiered JIT: under this load SMGW compiles ~33,000 methods
#                            over its first ~20 s of such load; with 100 the measured steps fall inside that warm-up)
#   BENCH_TIMEOUT=900        seconds to wait for a step's messages at the sink
#   BENCH_SYSTEMS="smgw postfix"
#   BENCH_MODE=plain         plain | smime | smime-in (see above)
#   BENCH_RSA=2048           smime mode: RSA key size of the certificates
#   BENCH_BUILD=1            0: skip `dotnet build -c Release` (use the existing Release build)
#   BENCH_KEEP=0             1: keep the work directory (logs, data, dumps)
#   BENCH_OUT=               a file to which the result table is also written
#   BENCH_SMGW_ENV=          extra VAR=value settings for the silo (e.g. Logging__LogLevel__Default=Warning)
#   BENCH_STRACE=0           1: attach strace to SMGW during the measured steps and print how many
#                            fsyncs, SQLite opens and lock conflicts, ~150 ms sleeps and outgoing
#                            connects it made per message (bench/strace_summary.py; diagnosis only:
#                            strace slows SMGW a lot, do not compare those figures)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
MESSAGES=${BENCH_MESSAGES:-2000}
SESSIONS=${BENCH_SESSIONS:-"10 50"}
SIZE=${BENCH_SIZE:-10240}
PROBE_MAX=${BENCH_PROBE_MAX:-300}
WARMUP=${BENCH_WARMUP:-15000}
TIMEOUT=${BENCH_TIMEOUT:-900}
SYSTEMS=${BENCH_SYSTEMS:-"smgw postfix"}
BUILD=${BENCH_BUILD:-1}
KEEP=${BENCH_KEEP:-0}
OUT=${BENCH_OUT:-}
MODE=${BENCH_MODE:-plain}
RSA_BITS=${BENCH_RSA:-2048}
case $MODE in
  plain) SENDER=sender@remote.example RCPT=user@bench.example PROBE_SENDER=probe@remote.example ;;
  smime) SENDER=sender@bench.example RCPT=user@partner.example PROBE_SENDER=probe@bench.example ;;
  smime-in) SENDER=user@partner.example RCPT=user@bench.example PROBE_SENDER=probe@remote.example ;;
  *) echo "bench: BENCH_MODE must be plain, smime or smime-in" >&2; exit 2 ;;
esac
PROBE_RCPT=probe@probe.example

log() { echo "bench: $*" >&2; }
die() { echo "bench: ERROR: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (smtp-sink -u nobody and postfix start need it)"
if [[ ! -x /usr/sbin/smtp-source || ! -x /usr/sbin/smtp-sink || ! -x /usr/sbin/postfix ]]; then
  log "Postfix tools missing; running scripts/deps.sh"
  "$ROOT/scripts/deps.sh"
fi
command -v python3 >/dev/null || die "python3 is required"
command -v curl >/dev/null || die "curl is required"

W=$(mktemp -d /tmp/smgw-bench.XXXXXX)
chmod 755 "$W"
RESULTS=$W/results.tsv
: >"$RESULTS"
PIDS=()
PF_CONF=""

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  if [[ -n $PF_CONF ]]; then
    postfix -c "$PF_CONF" stop >/dev/null 2>&1 || true
    PF_CONF=""
  fi
  if [[ $KEEP == 1 ]]; then
    log "work directory kept: $W"
  else
    rm -rf "$W"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_ports N: N distinct free loopback ports (all bound at once, then released).
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

now() { date +%s.%N; }
count_files() { find "$1" -type f | wc -l; }

# start_sink DIR PORT: smtp-sink writing one file per message into DIR.
start_sink() {
  mkdir -p "$1"
  chmod 777 "$1"
  /usr/sbin/smtp-sink -u nobody -d "$1/" "127.0.0.1:$2" 256 >"$1.log" 2>&1 &
  PIDS+=($!)
  local i
  for i in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  die "smtp-sink on port $2 did not start: $(cat "$1.log")"
}

# wait_count DIR TARGET: waits (unmeasured) until DIR holds TARGET dump files.
wait_count() {
  python3 "$HERE/wait_sink.py" "$1" "$2" "$(now)" "$TIMEOUT" >/dev/null \
    || die "timed out waiting for $2 messages in $1 (have $(count_files "$1"))"
}

# smgw_hist_snapshot FILE: saves smgw_accept_latency_seconds buckets (inbound; outbound in smime mode).
smgw_hist_snapshot() {
  local direction=inbound
  [[ $MODE == smime ]] && direction=outbound
  curl -sf "http://127.0.0.1:$SMGW_HTTP/metrics" | grep "^smgw_accept_latency_seconds_bucket{direction=\"$direction\"" >"$1" || : >"$1"
}

# smgw_hist_quantiles BEFORE AFTER: p50/p99 (bucket upper bounds, linear within the bucket) of the delta.
smgw_hist_quantiles() {
  python3 - "$1" "$2" <<'EOF'
import re, sys
def read(p):
    d = {}
    for line in open(p):
        m = re.search(r'le="([^"]+)"\}\s+(\S+)', line)
        if m:
            d[float("inf") if m.group(1) == "+Inf" else float(m.group(1))] = float(m.group(2))
    return d
a, b = read(sys.argv[1]), read(sys.argv[2])
les = sorted(b)
cum = [(le, b[le] - a.get(le, 0.0)) for le in les]
total = cum[-1][1] if cum else 0
def q(p):
    if total <= 0: return float("nan")
    target, prev_le, prev_c = p * total, 0.0, 0.0
    for le, c in cum:
        if c >= target:
            if le == float("inf"): return prev_le
            return prev_le + (le - prev_le) * ((target - prev_c) / max(c - prev_c, 1e-9))
        prev_le, prev_c = le, c
    return float("nan")
print(f"{q(0.5):.6f} {q(0.99):.6f} {int(total)}")
EOF
}

# run_step SYSTEM PORT SESSIONS SINKDIR PROBESINKDIR
run_step() {
  local system=$1 port=$2 sessions=$3 sink=$4 psink=$5
  local base pbase t0 spid prpid probe elapsed reached rc=0
  base=$(count_files "$sink")
  pbase=$(count_files "$psink")
  [[ $system == smgw ]] && smgw_hist_snapshot "$W/hist.before"
  log "$system: $MESSAGES messages, $sessions sessions"
  t0=$(now)
  send_load "$system" "$port" "$sessions" "$MESSAGES" >"$W/$system.source.$sessions.log" 2>&1 &
  spid=$!
  python3 "$HERE/probe.py" --port "$port" --sender "$PROBE_SENDER" --rcpt "$PROBE_RCPT" --size "$SIZE" --max "$PROBE_MAX" \
    $(tls_flag "$system") --stop-pid "$spid" --timeout "$TIMEOUT" --out "$W/$system.probe.$sessions.txt" >"$W/$system.probe.$sessions.json" &
  prpid=$!
  wait "$spid" || rc=$?
  local accepted_s; accepted_s=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$t0" "$(now)")
  [[ $rc -eq 0 ]] || log "WARNING: smtp-source exited with $rc: $(tail -3 "$W/$system.source.$sessions.log")"
  wait "$prpid" || log "WARNING: the probe failed"
  read -r elapsed reached < <(python3 "$HERE/wait_sink.py" "$sink" $((base + MESSAGES)) "$t0" "$TIMEOUT" || true)
  reached=$((reached - base))
  probe=$(cat "$W/$system.probe.$sessions.json")
  local accepted; accepted=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["accepted"])' "$probe")
  wait_count "$psink" $((pbase + accepted))
  local hist="- - -"
  if [[ $system == smgw ]]; then
    smgw_hist_snapshot "$W/hist.after"
    hist=$(smgw_hist_quantiles "$W/hist.before" "$W/hist.after")
  fi
  python3 - "$system" "$sessions" "$MESSAGES" "$reached" "$elapsed" "$accepted_s" "$probe" "$hist" >>"$RESULTS" <<'EOF'
import json, sys
system, sessions, messages, reached, elapsed, accepted_s, probe, hist = sys.argv[1:]
p = json.loads(probe)
h = hist.split()
print("\t".join(map(str, [system, sessions, messages, reached, elapsed, accepted_s,
    f"{int(reached) / float(elapsed):.1f}", p["p50"], p["p99"], p["accepted"], p["errors"], *h])))
EOF
  log "$system/$sessions: $reached/$MESSAGES at the sink after ${elapsed}s (smtp-source done after ${accepted_s}s); probe $probe"
}

# tls_flag SYSTEM: --starttls where the system's listener demands it (SMGW's tenant listener).
tls_flag() { [[ $MODE == smime && $1 == smgw ]] && echo --starttls || true; }

# send_load SYSTEM PORT SESSIONS COUNT: smtp-source, or bench/load.py where STARTTLS or a prepared message is needed.
send_load() {
  if [[ -n $(tls_flag "$1") ]]; then
    python3 "$HERE/load.py" --port "$2" --sessions "$3" --messages "$4" --size "$SIZE" \
      --sender "$SENDER" --rcpt "$RCPT" --starttls
  elif [[ $MODE == smime-in && $1 == smgw ]]; then
    python3 "$HERE/load.py" --port "$2" --sessions "$3" --messages "$4" \
      --sender "$SENDER" --rcpt "$RCPT" --body-file "$W/pki/inbound.eml"
  else
    /usr/sbin/smtp-source -s "$3" -m "$4" -l "$SIZE" -f "$SENDER" -t "$RCPT" "127.0.0.1:$2"
  fi
}

warm_up() { # warm_up SYSTEM PORT SINKDIR PROBESINKDIR
  [[ $WARMUP -gt 0 ]] || return 0
  local base; base=$(count_files "$3")
  local pbase; pbase=$(count_files "$4")
  send_load "$1" "$2" 5 "$WARMUP" >"$W/$1.warmup.log" 2>&1 \
    || die "warm-up: the load client failed against port $2: $(tail -3 "$W/$1.warmup.log")"
  python3 "$HERE/probe.py" --port "$2" --sender "$PROBE_SENDER" --rcpt "$PROBE_RCPT" --size "$SIZE" --max 20 $(tls_flag "$1") --out /dev/null >/dev/null
  wait_count "$3" $((base + WARMUP))
  wait_count "$4" $((pbase + 20))
}

# api METHOD PATH JSON: SMGW admin API call (loopback, no key needed there).
api() {
  curl -sf -X "$1" -H 'content-type: application/json' "http://127.0.0.1:$SMGW_HTTP$2" --data-binary @- <<<"$3" >/dev/null \
    || die "$1 $2 failed"
}

# json_pem FILE: a PEM file as a JSON string.
json_pem() { python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$1"; }

# smime_setup: a CA, the organisation certificate of bench.example and the partner's certificate
# (openssl, RSA-$RSA_BITS), and a policy that signs and encrypts every outbound message.
smime_setup() {
  local k=$W/pki
  mkdir -p "$k"
  openssl req -x509 -newkey "rsa:$RSA_BITS" -nodes -keyout "$k/ca.key" -out "$k/ca.pem" -days 30 -subj "/CN=Bench CA" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  local who
  for who in "org:poststelle@bench.example" "partner:user@partner.example"; do
    local name=${who%%:*} mail=${who#*:}
    openssl req -newkey "rsa:$RSA_BITS" -nodes -keyout "$k/$name.key" -out "$k/$name.csr" -subj "/CN=$name" 2>/dev/null
    printf 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment\nextendedKeyUsage=emailProtection\nsubjectAltName=email:%s\n' "$mail" >"$k/$name.ext"
    openssl x509 -req -in "$k/$name.csr" -CA "$k/ca.pem" -CAkey "$k/ca.key" -CAcreateserial -days 30 -extfile "$k/$name.ext" -out "$k/$name.pem" 2>/dev/null
  done
  api PUT /api/tenants/bench/trust-anchors "{\"certificates\":[$(json_pem "$k/ca.pem")]}"
  api PUT /api/tenants/bench/organisation-certificates/bench.example \
    "{\"certificatePem\":$(json_pem "$k/org.pem"),\"privateKeyPem\":$(json_pem "$k/org.key")}"
  if [[ $MODE == smime-in ]]; then
    # One message as a partner would send it: signed by user@partner.example, encrypted to bench.example.
    python3 - "$SIZE" >"$k/part.txt" <<'PY'
import sys
line = "x" * 76 + "\r\n"
size = int(sys.argv[1])
sys.stdout.write("Content-Type: text/plain; charset=us-ascii\r\n\r\n" + (line * (size // len(line) + 1))[:size])
PY
    openssl cms -sign -in "$k/part.txt" -signer "$k/partner.pem" -inkey "$k/partner.key" -md sha256 -out "$k/signed.eml" 2>/dev/null
    openssl cms -encrypt -aes256 -in "$k/signed.eml" -from "$SENDER" -to "$RCPT" -subject "bench inbound" -out "$k/inbound.eml" "$k/org.pem" 2>/dev/null
    log "S/MIME inbound: RSA-$RSA_BITS; the load message is signed by user@partner.example and encrypted to bench.example ($(wc -c <"$k/inbound.eml") bytes)"
    return
  fi
  api PUT /api/certificates/user@partner.example "{\"certificatePem\":$(json_pem "$k/partner.pem")}"
  api PUT /api/certificates/probe.example "{\"certificatePem\":$(json_pem "$k/partner.pem")}"
  api PUT /api/policy/catalog '{"standardPolicy":"bench","policies":[{"name":"bench","version":1,"outbound":{"sign":"Organisation","encryption":"Mandatory","methods":["PersonalSmime","DomainSmime"],"onMissingKey":"RefuseWithDsn"}}]}'
  log "S/MIME: RSA-$RSA_BITS organisation certificate of bench.example and certificate of user@partner.example imported; policy sign+encrypt mandatory"
}

# smime_check SINKDIR: what SMGW delivered is S/MIME encrypted, not the payload in clear (smime),
# or decrypted, verified and stamped (smime-in).
smime_check() {
  local f; f=$(find "$1" -type f -print -quit) # not "| head -1": with pipefail, find's SIGPIPE would end the script
  [[ -n $f ]] || die "S/MIME check: nothing in $1"
  if [[ $MODE == smime-in ]]; then
    grep -q '^X-SMGW-Decryption: decrypted' "$f" || die "S/MIME check: $f was not decrypted: $(grep '^X-SMGW' "$f")"
    grep -q '^X-SMGW-Signature: valid' "$f" || die "S/MIME check: $f has no valid signature stamp: $(grep '^X-SMGW' "$f")"
    grep -q 'xxxxxxxxxxxxxxxxxxxx' "$f" || die "S/MIME check: $f does not hold the payload in clear"
    log "S/MIME check: delivered messages are decrypted and verified ($(basename "$f"))"
    return
  fi
  grep -qi 'application/pkcs7-mime' "$f" || die "S/MIME check: $f is not application/pkcs7-mime"
  ! grep -q 'xxxxxxxxxxxxxxxxxxxx' "$f" || die "S/MIME check: $f contains the payload in clear"
  log "S/MIME check: delivered messages are application/pkcs7-mime ($(basename "$f"))"
}

bench_smgw() {
  local dll=$ROOT/Silo/bin/Release/net10.0/Smgw.Silo.dll
  if [[ $BUILD == 1 ]]; then
    log "building SMGW (Release)"
    dotnet build -c Release "$ROOT/Silo/Silo.csproj" -nologo -v q >"$W/build.log" 2>&1 || die "build failed: $(tail -20 "$W/build.log")"
  fi
  [[ -f $dll ]] || die "$dll is missing (run with BENCH_BUILD=1)"
  local d=$W/smgw
  mkdir -p "$d/data"
  local p; read -r -a p <<<"$(free_ports 7)"
  local inbound=${p[0]} submission=${p[1]} silo=${p[3]} gateway=${p[4]} sink=${p[5]} psink=${p[6]}
  SMGW_HTTP=${p[2]}
  start_sink "$d/sink" "$sink"
  start_sink "$d/probe-sink" "$psink"
  local extra=()
  [[ -n ${BENCH_SMGW_ENV:-} ]] && read -r -a extra <<<"$BENCH_SMGW_ENV"
  [[ $MODE == smime ]] && extra+=("Smgw__Delivery__Smarthost=127.0.0.1:$sink")
  (
    cd "$d/data"
    exec env -u ASPNETCORE_URLS \
      Smgw__DataDirectory="$d/data" \
      Smgw__Smtp__Hostname=smgw.bench.test \
      Smgw__Delivery__Hostname=smgw.bench.test \
      Smgw__Smtp__Inbound__Listen="127.0.0.1:$inbound" \
      Smgw__Smtp__Submission__Listen="127.0.0.1:$submission" \
      Smgw__Http__Listen="http://127.0.0.1:$SMGW_HTTP" \
      Smgw__Cluster__SiloPort="$silo" \
      Smgw__Cluster__GatewayPort="$gateway" \
      Smgw__Messenger__Enabled=false \
      "${extra[@]}" \
      dotnet "$dll"
  ) >"$d/silo.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  local i
  for i in $(seq 180); do
    curl -sf "http://127.0.0.1:$SMGW_HTTP/health/ready" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || die "SMGW exited: $(tail -20 "$d/silo.log")"
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$SMGW_HTTP/health/ready" >/dev/null || die "SMGW not ready after 90 s"
  curl -sf -X PUT -H 'content-type: application/json' "http://127.0.0.1:$SMGW_HTTP/api/tenants/bench" \
    -d "{\"domains\":[\"bench.example\"],\"relayAddresses\":[\"127.0.0.1\"],\"internalServer\":\"127.0.0.1:$sink\"}" >/dev/null \
    || die "PUT tenant bench failed"
  curl -sf -X PUT -H 'content-type: application/json' "http://127.0.0.1:$SMGW_HTTP/api/tenants/probe" \
    -d "{\"domains\":[\"probe.example\"],\"relayAddresses\":[\"127.0.0.2\"],\"internalServer\":\"127.0.0.1:$psink\"}" >/dev/null \
    || die "PUT tenant probe failed"
  [[ $MODE == smime || $MODE == smime-in ]] && smime_setup
  sleep 2 # the tenant directory refresh
  log "SMGW pid $pid: inbound 127.0.0.1:$inbound, http $SMGW_HTTP, sinks $sink/$psink"

  python3 "$HERE/rss.py" "$pid" 0.1 >"$W/smgw.rss" &
  local rsspid=$!
  local port=$inbound
  [[ $MODE == smime ]] && port=$submission
  warm_up smgw "$port" "$d/sink" "$d/probe-sink"
  local stpid="" before_sink before_probe
  before_sink=$(count_files "$d/sink"); before_probe=$(count_files "$d/probe-sink")
  if [[ ${BENCH_STRACE:-0} == 1 ]]; then
    strace -f -qq -T -e trace=fsync,fdatasync,futex,fcntl,connect,openat -o "$W/smgw.strace" -p "$pid" &
    stpid=$!
    sleep 1
  fi
  local s
  for s in $SESSIONS; do
    run_step smgw "$port" "$s" "$d/sink" "$d/probe-sink"
  done
  if [[ -n $stpid ]]; then
    kill -INT "$stpid"; wait "$stpid" || true
    local msgs=$(( $(count_files "$d/sink") - before_sink + $(count_files "$d/probe-sink") - before_probe ))
    python3 "$HERE/strace_summary.py" "$W/smgw.strace" "$msgs" >&2
  fi
  kill "$rsspid"; wait "$rsspid" || true
  [[ $MODE == smime || $MODE == smime-in ]] && smime_check "$d/sink"
  local hwm; hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  read -r peak n _ pss <"$W/smgw.rss"
  printf 'rss\tsmgw\t%s\t%s\t%s\t%s\n' "$hwm" "$peak" "$n" "$pss" >>"$RESULTS"
  curl -sf "http://127.0.0.1:$SMGW_HTTP/metrics" >"$W/smgw.metrics" || true
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

bench_postfix() {
  local d=$W/postfix
  local conf=$d/etc
  mkdir -p "$conf" "$d/queue" "$d/data"
  chown postfix "$d/data"
  local p; read -r -a p <<<"$(free_ports 3)"
  local smtpd=${p[0]} sink=${p[1]} psink=${p[2]}
  start_sink "$d/sink" "$sink"
  start_sink "$d/probe-sink" "$psink"
  cp /etc/postfix/master.cf "$conf/master.cf"
  : >"$conf/main.cf"
  printf '%s smtp:[127.0.0.1]:%s\nprobe.example smtp:[127.0.0.1]:%s\n' "${RCPT#*@}" "$sink" "$psink" >"$conf/transport"
  postconf -c "$conf" -e \
    "compatibility_level = 3.6" \
    "queue_directory = $d/queue" \
    "data_directory = $d/data" \
    "maillog_file_prefixes = $d" \
    "maillog_file = $d/postfix.log" \
    "inet_interfaces = loopback-only" \
    "inet_protocols = ipv4" \
    "myhostname = postfix.bench.test" \
    "mydestination =" \
    "relay_domains = ${RCPT#*@}, probe.example" \
    "transport_maps = texthash:$conf/transport" \
    "mynetworks = 127.0.0.0/8" \
    "smtpd_relay_restrictions = permit_mynetworks, reject" \
    "alias_maps =" "alias_database =" \
    "local_transport = error:local delivery is disabled" \
    "smtpd_tls_security_level = none" \
    "smtp_tls_security_level = none"
  postconf -c "$conf" -F '*/*/chroot = n'
  postconf -c "$conf" -M# smtp/inet
  postconf -c "$conf" -M "127.0.0.1:$smtpd/inet = 127.0.0.1:$smtpd inet n - n - - smtpd"
  PF_CONF=$conf
  postfix -c "$conf" check >"$d/check.log" 2>&1 || die "postfix check failed (see $d/postfix.log)"
  postfix -c "$conf" start >"$d/start.log" 2>&1 || die "postfix start failed: $(cat "$d/postfix.log" 2>/dev/null)"
  local i
  for i in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$smtpd") 2>/dev/null && break
    sleep 0.1
  done
  local master; master=$(tr -d ' ' <"$d/queue/pid/master.pid")
  # Postfix must listen on loopback only.
  if ss -Hltnup 2>/dev/null | grep "pid=$master," | grep -v '127\.0\.0\.1:' | grep -q .; then
    die "the Postfix instance listens beyond 127.0.0.1: $(ss -Hltnup | grep "pid=$master,")"
  fi
  log "Postfix master pid $master: smtpd 127.0.0.1:$smtpd, sinks $sink/$psink"

  python3 "$HERE/rss.py" "$d/queue/pid/master.pid" 0.1 >"$W/postfix.rss" &
  local rsspid=$!
  warm_up postfix "$smtpd" "$d/sink" "$d/probe-sink"
  local s
  for s in $SESSIONS; do
    run_step postfix "$smtpd" "$s" "$d/sink" "$d/probe-sink"
  done
  kill "$rsspid"; wait "$rsspid" || true
  read -r peak n _ pss <"$W/postfix.rss"
  printf 'rss\tpostfix\t-\t%s\t%s\t%s\n' "$peak" "$n" "$pss" >>"$RESULTS"
  postfix -c "$conf" stop >/dev/null 2>&1 || true
  PF_CONF=""
}

log "work directory $W; $(nproc) CPUs; mode $MODE; $MESSAGES messages x {$SESSIONS} sessions, $SIZE bytes"
for system in $SYSTEMS; do
  case $system in
    smgw) bench_smgw ;;
    postfix) bench_postfix ;;
    *) die "unknown system $system" ;;
  esac
done

python3 - "$RESULTS" <<'EOF' | tee ${OUT:+"$OUT"}
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
steps = {}
rss = {}
for r in rows:
    if r[0] == "rss":
        rss[r[1]] = r[2:]
        continue
    system, sessions, messages, reached, elapsed, accepted_s, rate, p50, p99, n, errors, *h = r
    steps[(system, int(sessions))] = dict(messages=int(messages), reached=int(reached), elapsed=float(elapsed),
        accepted_s=float(accepted_s), rate=float(rate), p50=float(p50) * 1000 if p50 != "None" else float("nan"),
        p99=float(p99) * 1000 if p99 != "None" else float("nan"), n=int(n), errors=int(errors),
        h50=float(h[0]) * 1000 if h and h[0] != "-" else None, h99=float(h[1]) * 1000 if h and h[1] != "-" else None)
def fmt(x, f="{:.1f}"):
    return "n/a" if x is None or x != x else f.format(x)
def ratio(a, b):
    return "n/a" if a is None or b is None or a != a or b != b or b == 0 else f"{a / b:.2f}x"
print()
print("| figure | SMGW | Postfix | SMGW/Postfix |")
print("|---|---:|---:|---:|")
for s in sorted({k[1] for k in steps}):
    a, b = steps.get(("smgw", s)), steps.get(("postfix", s))
    def g(d, k): return None if d is None else d[k]
    inc = lambda d: "" if d is None or d["reached"] >= d["messages"] else f" (only {d['reached']}/{d['messages']})"
    print(f"| {s} sessions: msgs/s end to end | {fmt(g(a,'rate'))}{inc(a)} | {fmt(g(b,'rate'))}{inc(b)} | {ratio(g(a,'rate'), g(b,'rate'))} |")
    print(f"| {s} sessions: accept p50 (ms, probe) | {fmt(g(a,'p50'), '{:.2f}')} | {fmt(g(b,'p50'), '{:.2f}')} | {ratio(g(a,'p50'), g(b,'p50'))} |")
    print(f"| {s} sessions: accept p99 (ms, probe) | {fmt(g(a,'p99'), '{:.2f}')} | {fmt(g(b,'p99'), '{:.2f}')} | {ratio(g(a,'p99'), g(b,'p99'))} |")
ra, rb = rss.get("smgw"), rss.get("postfix")
ma = int(ra[0]) / 1024 if ra else None
mb = int(rb[1]) / 1024 if rb else None
print(f"| peak RSS (MiB; SMGW VmHWM, Postfix sum of VmRSS over {rb[2] if rb else '?'} processes) | {fmt(ma)} | {fmt(mb)} | {ratio(ma, mb)} |")
pa = int(ra[3]) / 1024 if ra else None
pb = int(rb[3]) / 1024 if rb else None
print(f"| peak PSS (MiB; sum of Pss, shared pages split) | {fmt(pa)} | {fmt(pb)} | {ratio(pa, pb)} |")
print()
print("details:")
for (system, s), d in sorted(steps.items()):
    extra = f"; SMGW histogram p50 {fmt(d['h50'], '{:.2f}')} ms p99 {fmt(d['h99'], '{:.2f}')} ms" if d["h50"] is not None else ""
    print(f"  {system:7} {s:3} sessions: {d['reached']}/{d['messages']} delivered in {d['elapsed']:.2f}s "
          f"(all accepted after {d['accepted_s']:.2f}s); probe {d['n']} samples, {d['errors']} errors{extra}")
if ra:
    print(f"  smgw    sampled peak VmRSS {int(ra[1]) / 1024:.1f} MiB (VmHWM {int(ra[0]) / 1024:.1f} MiB)")
EOF
