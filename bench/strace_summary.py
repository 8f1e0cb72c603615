#!/usr/bin/env python3
"""strace_summary.py TRACE MESSAGES: summarises `strace -f -T -o TRACE -p <SMGW pid>` (see
BENCH_STRACE in bench/relay.sh) per delivered message:
  - fsync/fdatasync by file (SQLite WAL, the database, the data directory),
  - opens of the SQLite files (Pooling=False: one connection per command; the WAL is deleted
    when the last connection closes and created again, with a directory fsync, by the next),
  - fcntl locks refused with EAGAIN (SQLite lock contention: SQLITE_BUSY),
  - ~150 ms timed-out futex waits: Microsoft.Data.Sqlite answers SQLITE_BUSY with
    Thread.Sleep(150) (a timed futex wait on Linux), blocking a thread-pool thread,
  - outgoing connect() calls (delivery opens one SMTP connection per message)."""
import collections, re, sys

path, msgs = sys.argv[1], max(int(sys.argv[2]), 1)
full = re.compile(r"^(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+|\?|0x[0-9a-f]+)(.*)<([\d.]+)>$")
unfinished = re.compile(r"^(\d+)\s+(\w+)\((.*) <unfinished \.\.\.>$")
resumed = re.compile(r"^(\d+)\s+<\.\.\. (\w+) resumed>(.*)\)\s+=\s+(-?\d+|\?|0x[0-9a-f]+)(.*)<([\d.]+)>$")
calls, secs = collections.Counter(), collections.Counter()
fsync_by_file, opens = collections.Counter(), collections.Counter()
fdname, pending = {}, {}
eagain_locks = sleeps150 = 0

def record(name, args, result, rest, t):
    global eagain_locks, sleeps150
    calls[name] += 1
    secs[name] += t
    if name == "openat":
        m = re.match(r'AT_FDCWD, "([^"]+)"', args)
        if m and result.isdigit():
            fdname[result] = m.group(1).rsplit("/", 1)[-1]
            opens[fdname[result]] += 1
    elif name in ("fsync", "fdatasync"):
        fsync_by_file[(name, fdname.get(args.strip(), "?"))] += 1
    elif name == "fcntl" and "EAGAIN" in rest:
        eagain_locks += 1
    elif name == "futex" and "ETIMEDOUT" in rest and 0.145 <= t <= 0.2:
        sleeps150 += 1

for line in open(path, errors="replace"):
    line = line.rstrip("\n")
    m = full.match(line)
    if m:
        record(m.group(2), m.group(3), m.group(4), m.group(5), float(m.group(6)))
        continue
    m = unfinished.match(line)
    if m:
        pending[(m.group(1), m.group(2))] = m.group(3)
        continue
    m = resumed.match(line)
    if m:
        args = pending.pop((m.group(1), m.group(2)), "") + m.group(3)
        record(m.group(2), args, m.group(4), m.group(5), float(m.group(6)))

print(f"strace over the measured steps: {msgs} messages delivered (load + probe)")
for (name, f), n in sorted(fsync_by_file.items(), key=lambda x: -x[1]):
    print(f"  {name} {f:20} {n:7d}  {n / msgs:6.2f}/message")
print(f"  fsync+fdatasync time  {secs['fsync'] + secs['fdatasync']:7.2f} s in the calls")
for f in ("smgw.db", "smgw.db-wal", "smgw.db-shm"):
    print(f"  opens of {f:13} {opens[f]:7d}  {opens[f] / msgs:6.2f}/message")
print(f"  fcntl lock EAGAIN     {eagain_locks:7d}  {eagain_locks / msgs:6.2f}/message (SQLite lock contention)")
print(f"  ~150 ms futex timeouts {sleeps150:6d}  {sleeps150 / msgs:6.2f}/message (Thread.Sleep(150) on SQLITE_BUSY, and any other 150 ms waits)")
print(f"  connect               {calls['connect']:7d}  {calls['connect'] / msgs:6.2f}/message")
