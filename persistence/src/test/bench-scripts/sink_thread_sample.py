#!/usr/bin/env python3
import os, sys, time, re, collections
# usage: sink_thread_sample.py TAG.threads : every 1 s, per-thread cumulative CPU of the SinkBenchmark JVM: "t name cpu" lines
hz = os.sysconf('SC_CLK_TCK'); out = open(sys.argv[1], 'w')
while True:
    t = time.time(); pid = None
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                with open(f'/proc/{p}/cmdline','rb') as f: cmd = f.read()
            except OSError: continue
            if b'SinkBenchmark' in cmd and b'java' in cmd: pid = p
    if pid:
        for tid in os.listdir(f'/proc/{pid}/task'):
            try:
                with open(f'/proc/{pid}/task/{tid}/stat') as f: s = f.read()
            except OSError: continue
            name = s[s.index('(')+1:s.rindex(')')]; rest = s[s.rindex(')')+2:].split()
            out.write('%.1f %s %s %.2f\n' % (t, tid, name.replace(' ', '_'), (int(rest[11])+int(rest[12]))/hz))
        out.flush()
    time.sleep(1)
