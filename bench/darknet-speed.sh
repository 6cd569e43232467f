#!/bin/sh
# gridbox's engine vs Darknet itself (Debian's libdarknet 0.0.0+git20180914.61c9d02e, CPU, one thread),
# paired in one run: DarknetSpeed (Java) drives darknet_bench.c as a child process and alternates one
# forward each per round, CPU time of the computing thread on both sides; same cfg (Darknet's shipped
# yolov3-tiny 416 and yolov3 608 from testdata/darknet-cfg, copies with batch=1), same formula weights,
# same input floats. For yolov3-tiny it then times the Darknet-exact mode against the normal detect
# on dog.jpg. Needs the `darknet` package and a JDK 17; builds core first (reactor, offline).
# Usage: bench/darknet-speed.sh [ROUNDS_TINY] [ROUNDS_YOLOV3]     (defaults 15 and 3; 0 skips yolov3)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tiny_rounds=${1:-15}
big_rounds=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -I/usr/lib/darknet/include -I"$root/testdata/reference/darknet-parity" "$root/bench/darknet_bench.c" \
  -L/usr/lib/darknet -ldarknet -lm -Wl,-rpath,/usr/lib/darknet -o "$work/darknet_bench"
(cd "$root" && mvn -B -q -o -pl core compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" \
  -Dmdep.includeScope=runtime > /dev/null)
javac -nowarn -d "$work/classes" -cp "$root/core/target/classes" --add-modules jdk.incubator.vector \
  "$root/bench/src/main/java/org/gridbox/bench/DarknetSpeed.java" 2>&1 | grep -v 'incubator' || true
for name in yolov3-tiny yolov3; do
  sed 's/^batch *=.*/batch=1/; s/^subdivisions *=.*/subdivisions=1/' "$root/testdata/darknet-cfg/$name.cfg" \
    > "$work/$name.cfg"
done
run() {
  java --add-modules jdk.incubator.vector -Xmx6g -cp "$work/classes:$root/core/target/classes:$(cat "$work/cp.txt")" \
    org.gridbox.bench.DarknetSpeed "$@" 2>&1 | grep -v 'incubator'
}
echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) commit $(git -C "$root" rev-parse --short HEAD)"
# formula parameters: yolov3-tiny as its parity fixture; yolov3 with larger activations than its fixture
# (the values do not change the number of operations either engine performs)
run "$work/yolov3-tiny.cfg" 2.5 1 -7 10 "$tiny_rounds" "$work/darknet_bench" "$root/testdata/images/dog.jpg"
[ "$big_rounds" -eq 0 ] || run "$work/yolov3.cfg" 1.6 4 -4 1 "$big_rounds" "$work/darknet_bench"
