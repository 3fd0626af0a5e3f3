#!/usr/bin/env python3
import sys, re
# usage: sink_cpu_split.py TAG N (reads TAG.cpu and the timestamped TAG.log) : CPU seconds (process user+sys, sampled every 0.25 s from /proc) per 1,000 rows:
# each COPY figure's backends, and the sink's backends plus the whole benchmark JVM (broker included) over the
# sink's window (first sample of its backends to their last CPU increase).
tag, n = sys.argv[1], int(sys.argv[2])
pids = {}; java = []; samples = {}
for line in open(tag + '.cpu'):
    p = line.split()
    t, kind, pid, cpu = float(p[0]), p[1], p[2], float(p[3])
    if kind == 'java':
        java.append((t, cpu)); continue
    samples.setdefault(pid, []).append((t, cpu))
    e = pids.setdefault(pid, {'first': t, 'last': t, 'cpu': 0.0, 'inc': t, 'cmds': set()})
    if cpu > e['cpu']: e['inc'] = t
    e['last'] = t; e['cpu'] = max(e['cpu'], cpu); e['cmds'].add(p[4] if len(p) > 4 else '')
def is_sink(e): return any(('SET_CONSTRAINTS' in c or 'UPDATE' in c or 'COMMIT' in c) for c in e['cmds'])
sink = [e for e in pids.values() if is_sink(e) and e['cpu'] > 0.2]
copies = sorted([e for e in pids.values() if not is_sink(e) and e['cpu'] > 0.2], key=lambda e: e['first'])
def jcpu(t0, t1):
    a = [c for t, c in java if t <= t0]; b = [c for t, c in java if t <= t1]
    return (b[-1] if b else 0) - (a[-1] if a else 0)
out = []
i = 0
while i < len(copies):
    g = [copies[i]]
    if i + 1 < len(copies) and abs(copies[i + 1]['first'] - copies[i]['first']) < 0.5:
        g.append(copies[i + 1])
    i += len(g)
    out.append(g)
# the first group is the 20k warm-up
for k, g in enumerate(out):
    rows = 20000 if k == 0 else n
    cpu = sum(e['cpu'] for e in g)
    print('COPY %-9s %s pg %5.2f s = %.1f ms per 1k rows' % ('warm-up' if k == 0 else '%d stream%s' % (len(g), 's' if len(g) > 1 else ''), '', cpu, 1e6 * cpu / rows))
s0 = min(e['first'] for e in sink); s1 = max(e['inc'] for e in sink)
# A run with a latency phase goes on writing after the throughput part: cut the window at start() + its duration.
m = re.search(r'messages in ([\d.]+) s from start', open(tag + '.log').read())
if m: s1 = min(s1, s0 + float(m.group(1)) + 0.5)
def pgcpu(t0, t1):
    tot = 0.0
    for pid, e in pids.items():
        if e in sink:
            tot += max([c for t, c in samples[pid] if t <= t1] or [0]) - max([c for t, c in samples[pid] if t <= t0] or [0])
    return tot
pg = pgcpu(s0 - 1, s1); j = jcpu(s0, s1)
print('sink %.1f s window: pg %.2f s (%d backends) + JVM %.2f s = %.1f ms per 1k rows (pg %.1f, JVM %.1f)' % (
    s1 - s0, pg, len(sink), j, 1e6 * (pg + j) / n, 1e6 * pg / n, 1e6 * j / n))
