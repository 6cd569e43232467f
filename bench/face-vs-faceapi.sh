#!/usr/bin/env bash
# Face detectors, gridbox vs the reference library on the same machine, one thread each, measured in
# alternation so both see the same machine state: ROUNDS x (face-api's timing.js, then gridbox's
# FaceCpuTime), each RUNS detections of testdata/images/sample1.jpg after warm-up. Prints every
# round's medians (CPU time of the computing thread/process and wall time) and the ratios.
#
# Usage: bench/face-vs-faceapi.sh NODE_DIR [ROUNDS] [RUNS]
#   NODE_DIR: a folder where testdata/reference/face-api/package.json was installed with `npm install`
#             (face-api 1.7.15, tfjs 4.22.0, tfjs-backend-wasm 4.22.0, jpeg-js); timing.js is copied there.
# Needs: node 20. Default 3 rounds of 15 runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_dir="${1:?usage: bench/face-vs-faceapi.sh NODE_DIR [ROUNDS] [RUNS]}"
rounds="${2:-3}"
runs="${3:-15}"

(cd "$root" && mvn -B -q -o -Dstyle.color=never -pl bench -am package -DskipTests)
cp "$root/testdata/reference/face-api/timing.js" "$node_dir/"
for r in $(seq 1 "$rounds"); do
  echo "== round $r, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
  fa=$(cd "$node_dir" && node timing.js "$root" "$runs")
  echo "face-api: $fa"
  gb=$(java --add-modules jdk.incubator.vector -Dgridbox.root="$root" -cp "$root/bench/target/benchmarks.jar" \
    org.gridbox.bench.FaceCpuTime "$runs" 2>/dev/null)
  echo "$gb"
  FA="$fa" GB="$gb" python3 - <<'PY'
import json, os, re
fa = json.loads(os.environ["FA"])
rows = {}
for line in os.environ["GB"].splitlines():
    m = re.match(r"(\S+) \d+\s+wall median\s+([\d.]+) ms .*cpu median\s+([\d.]+) ms", line)
    if m:
        rows[m.group(1)] = (float(m.group(2)), float(m.group(3)))
for name, key in (("tiny-face-detector", "tiny416"), ("ssd-mobilenetv1-face", "ssd512")):
    gw, gc = rows[name]
    f = fa[key]
    print(f"  {name:22s} cpu {gc:7.1f} vs {f['cpuMedianMs']:7.1f} ms = {f['cpuMedianMs'] / gc:4.1f}x   "
          f"wall {gw:7.1f} vs {f['wallMedianMs']:7.1f} ms = {f['wallMedianMs'] / gw:4.1f}x")
PY
done
