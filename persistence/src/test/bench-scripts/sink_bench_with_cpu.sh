#!/bin/bash
# SinkBenchmark with CPU accounting, from persistence/ after building target/cp.txt (docs/benchmarks.md):
#   src/test/bench-scripts/sink_bench_with_cpu.sh TAG 200000 4 5000 0
#   python3 src/test/bench-scripts/sink_cpu_split.py target/TAG 200000
# Writes target/TAG.log (benchmark output, each line prefixed with its Unix time), target/TAG.cpu (per-process CPU
# samples) and target/TAG.threads (per-thread CPU samples of the benchmark's JVM).
set -u
tag=target/$1; shift
dir=$(dirname "$0")
python3 "$dir/sink_cpu_sample.py" "$tag.cpu" & cpu=$!
python3 "$dir/sink_thread_sample.py" "$tag.threads" & threads=$!
{ echo "== $(date -u +%H:%M:%S) args $* load: $(cat /proc/loadavg)"
  java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/cp.txt)" dev.courier.persistence.bench.SinkBenchmark "$@" 2>&1 \
    | grep --line-buffered -v -E 'INFO|DEBUG|WARN|ERROR|^\s+at ' | while IFS= read -r l; do echo "$(date +%s.%N | cut -c1-14) $l"; done
  echo "== end $(date -u +%H:%M:%S) load: $(cat /proc/loadavg)"; } > "$tag.log" 2>&1
kill "$cpu" "$threads"
