#!/usr/bin/env python3
import sys, re, collections
# usage: sink_thread_split.py TAG : per-thread-name CPU of the JVM over the sink window (as in sink_cpu_split.py)
tag = sys.argv[1]
exec(open(__file__.replace('sink_thread_split', 'sink_cpu_split')).read().split("def jcpu")[0].replace("tag, n = sys.argv[1], int(sys.argv[2])", "tag, n = %r, 0" % tag))
s0 = min(e['first'] for e in sink); s1 = max(e['inc'] for e in sink)
m = re.search(r'messages in ([\d.]+) s from start', open(tag + '.log').read())
if m: s1 = min(s1, s0 + float(m.group(1)) + 0.5)
snap = collections.defaultdict(dict)
for line in open(tag + '.threads'):
    t, tid, name, cpu = line.split(); snap[float(t)][(tid, name)] = float(cpu)
ts = sorted(snap)
a = max([t for t in ts if t <= s0] or [ts[0]]); b = min([t for t in ts if t >= s1] or [ts[-1]])
agg = collections.Counter()
last = {}
for t in ts:
    if a <= t <= b:
        last.update(snap[t])  # a thread that ended inside the window keeps its last sample
for k, v in last.items():
    agg[re.sub(r'\d+', 'N', k[1])] += v - snap[a].get(k, 0)
tot = sum(agg.values())
print('window %.1f s, JVM threads total %.2f s' % (b - a, tot))
for k, v in agg.most_common(25):
    if v > 0.01: print('%6.2f s %5.1f%% %s' % (v, 100 * v / tot, k))
