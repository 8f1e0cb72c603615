#!/usr/bin/env python3
"""Peak resident memory of a process tree, for bench/relay.sh.

Every --interval seconds sums VmRSS over ROOT_PID and all its descendants (found through
/proc/*/stat ppid links; a pid file may be given instead of a pid, it is re-read each time).
Runs until it receives SIGTERM/SIGINT, then prints the peak sum in KiB, the number of
processes at that peak, VmHWM of the root, and the peak sum of Pss (proportional set size from
/proc/PID/smaps_rollup: shared pages divided among the processes sharing them, so that summing
over many processes of one program does not count its shared libraries once per process).
"""
import os, signal, sys, time

stop = False
def on_signal(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)

def status_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def tree(root):
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                ppid = int(f.read().rsplit(") ", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out

def root_pid(arg):
    if arg.isdigit():
        return int(arg)
    try:
        with open(arg) as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None

arg, interval = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
peak, peak_n, hwm, pss = 0, 0, 0, 0
while not stop:
    r = root_pid(arg)
    if r:
        pids = tree(r)
        total = sum(status_kb(p, "VmRSS") for p in pids)
        if total > peak:
            peak, peak_n = total, len(pids)
        hwm = max(hwm, status_kb(r, "VmHWM"))
        pss = max(pss, sum(pss_kb(p) for p in pids))
    time.sleep(interval)
print(f"{peak} {peak_n} {hwm} {pss}")
