#!/usr/bin/env python3
"""wait_sink.py DIR TARGET START_EPOCH TIMEOUT: polls the smtp-sink dump directory (recursively)
every 20 ms until it holds TARGET files; prints the seconds from START_EPOCH (a `date +%s.%N`
value taken just before the load started) to the moment the target was seen, and the count.
Exit 1 (printing the elapsed time and the count reached) on timeout."""
import os, sys, time

def count(d):
    n = 0
    for root, _, files in os.walk(d):
        n += len(files)
    return n

d, target, start, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
deadline = time.time() + timeout
while True:
    n = count(d)
    now = time.time()
    if n >= target:
        print(f"{now - start:.3f} {n}")
        sys.exit(0)
    if now > deadline:
        print(f"{now - start:.3f} {n}")
        sys.exit(1)
    time.sleep(0.02)
