#!/usr/bin/env python3
"""CPU time per thread of one JVM between two lines of its output, from /proc (docs/benchmarks.md).

usage: thread_cpu.py PID LOG START_REGEX END_REGEX
Waits until LOG matches START_REGEX, samples /proc/PID/task/*/stat every 0.5 s (threads that end keep their last
value) until LOG matches END_REGEX, then prints CPU seconds and cores per thread name (digits folded to N; Linux
keeps the first 15 characters of a name).
"""
import collections
import os
import re
import sys
import time

pid, log, start, end = sys.argv[1:5]
hz = os.sysconf('SC_CLK_TCK')


def snapshot():
    threads = {}
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except FileNotFoundError:  # the JVM has ended
        return threads
    for tid in tids:
        try:
            stat = open(f'/proc/{pid}/task/{tid}/stat').read()
        except OSError:
            continue
        name = stat[stat.index('(') + 1:stat.rindex(')')]
        fields = stat[stat.rindex(')') + 2:].split()
        threads[tid] = (name, (int(fields[11]) + int(fields[12])) / hz)
    return threads


def seen(pattern):
    try:
        return re.search(pattern, open(log).read(), re.M) is not None
    except FileNotFoundError:
        return False


while not seen(start):
    time.sleep(0.2)
first = snapshot()
began = time.time()
last = dict(first)
while not seen(end):
    time.sleep(0.5)
    last.update(snapshot())
elapsed = time.time() - began
per_name = collections.Counter()
for tid, (name, cpu) in last.items():
    per_name[re.sub(r'\d+', 'N', name)] += cpu - first.get(tid, (name, 0))[1]
total = sum(per_name.values())
print(f'window {elapsed:.1f} s, {total:.1f} CPU-s = {total / elapsed:.2f} cores')
for name, cpu in per_name.most_common(15):
    print(f'{cpu:7.2f} s {cpu / elapsed:5.2f} cores  {name}')
