#!/usr/bin/env python3
import os, sys, time
# usage: sink_cpu_sample.py TAG.cpu : every 0.25 s, cumulative CPU seconds of the SinkBenchmark JVM and of each backend of a
# courier_t_sinkbenchmark_* database (pid -> last seen), written as "t java <s>" / "t pg <pid> <s>" lines.
hz = os.sysconf('SC_CLK_TCK')
out = open(sys.argv[1], 'w')
while True:
    t = time.time()
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            with open(f'/proc/{p}/cmdline','rb') as f: cmd = f.read()
            if b'SinkBenchmark' in cmd and b'java' in cmd: kind = 'java'
            elif cmd.startswith(b'postgres:') and b'sinkbenchmark' in cmd: kind = 'pg'
            else: continue
            with open(f'/proc/{p}/stat') as f: s = f.read()
        except OSError: continue
        rest = s[s.rindex(')')+2:].split()
        cpu = (int(rest[11]) + int(rest[12])) / hz
        out.write('%.2f %s %s %.2f %s\n' % (t, kind, p, cpu, cmd.split(b'\0')[0][-40:].decode(errors='replace').replace(' ','_')))
    out.flush()
    time.sleep(0.25)
