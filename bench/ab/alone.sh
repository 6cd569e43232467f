#!/usr/bin/env bash
# Two engine builds, each alone in its JVM, alternated (session 12): prints every run's median forward
# time and, per network, the median and range of the paired ratios before/after.
#   bench/ab/alone.sh BEFORE-CLASSES AFTER-CLASSES ROUNDS THREADS NETWORK...
# NETWORK: yolov3-tiny, org.gridbox.models.TinyFaceDetector, org.gridbox.models.SsdMobilenetV1Face,
# nanodet or centernet. Needs core's dependency class path in /tmp/core.cp
# (mvn -q -o -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/core.cp) and, for yolov3-tiny,
# the weights EngineRounds writes into bench/target/onnx. Extra JVM flags in JVM_FLAGS (e.g. -XX:UseAVX=2).
# With WITH_ORT=1 each round also runs ONNX Runtime alone (AloneOrt, the ONNX files EngineRounds wrote into
# bench/target/onnx; not for nanodet/centernet) and the summary adds each build's ratio to it. WARM=S warms
# each JVM for at least S seconds before timing (default 0: 40 runs, 20 for the graphs); at 2 threads the
# JIT's compiler threads share the two cores with the forward for the first seconds.
# N=n: n timed forwards per JVM (default 40, 20 for the graphs).
set -euo pipefail
before=$1 after=$2 rounds=$3 threads=$4; shift 4
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
javac -d "$out" "$root/bench/ab/Alone.java" "$root/bench/ab/AloneGraph.java"
ort_cp="$root/bench/target/lib/onnxruntime-1.23.2.jar"
builds=("$before" "$after")
if [ -n "${WITH_ORT:-}" ]; then
  javac -cp "$ort_cp" -d "$out" "$root/bench/ab/AloneOrt.java"
  builds+=(ort)
fi
deps=$(cat /tmp/core.cp)
for net in "$@"; do
  main=Alone; n=${N:-40}
  if [ "$net" = nanodet ] || [ "$net" = centernet ]; then main=AloneGraph; n=${N:-20}; fi
  for ((i = 0; i < rounds; i++)); do
    for build in "${builds[@]}"; do
      if [ "$build" = ort ]; then
        t=$(java -Dthreads="$threads" -Dwarm="${WARM:-0}" -Dgridbox.root="$root" -cp "$out:$ort_cp" AloneOrt "$net" $n 2>/dev/null)
        echo "$net ort $t"
        continue
      fi
      t=$(java ${JVM_FLAGS:-} -Dthreads="$threads" -Dwarm="${WARM:-0}" -Dgridbox.root="$root" --add-modules jdk.incubator.vector \
        -cp "$out:$build:$deps" $main "$net" $n 2>/dev/null)
      echo "$net $([ "$build" = "$before" ] && echo before || echo after) $t"
    done
  done
done | tee "$out/runs.txt"
python3 - "$out/runs.txt" <<'PY'
import collections, statistics, sys
d = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    net, build, t = line.split()
    d[net][build].append(float(t))
for net, runs in d.items():
    r = [b / a for b, a in zip(runs['before'], runs['after'])]
    print(f"{net}: before {statistics.median(runs['before']):.2f} ms, after {statistics.median(runs['after']):.2f} ms; "
          f"before/after {statistics.median(r):.3f}x [{min(r):.2f} .. {max(r):.2f}]")
    if runs['ort']:
        for build in ('before', 'after'):
            q = [g / o for g, o in zip(runs[build], runs['ort'])]
            print(f"  {build}/ORT {statistics.median(q):.3f}x [{min(q):.2f} .. {max(q):.2f}] (ORT {statistics.median(runs['ort']):.2f} ms)")
PY
