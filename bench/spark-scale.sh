#!/usr/bin/env bash
# Scale figures of gridbox-spark (bench/README.md, section "Spark"). Runs Spark without a Spark
# distribution: spark-submit's own class, org.apache.spark.deploy.SparkSubmit, on the Spark jars
# Maven resolved into ~/.m2, with the --add-opens flags of spark/pom.xml.
#
#   bench/spark-scale.sh detect [COUNT] [ROUNDS]   DetectJob local[1], local[2] and `gridbox detect
#                                                  --threads 2` on COUNT 1280x720 photos (default 200),
#                                                  alternating, ROUNDS times (default 2): wall, CPU
#                                                  (user+sys of the process tree), peak RSS
#   bench/spark-scale.sh memory COUNT...           DetectJob local[2] peak RSS per COUNT (MODEL=face for a
#                                                  cheaper model than the default nanodet)
#   bench/spark-scale.sh eval COUNT...             SparkCocoEvaluation vs core's evaluator on COUNT
#                                                  synthetic images (EvalScale)
#
# Photos: bench's DetectFolderFixture (the demo photos scaled and cropped; as detect-throughput.sh).
# Needs GNU /usr/bin/time. Scratch under ${WORK:-/tmp/gridbox-spark-bench}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${WORK:-/tmp/gridbox-spark-bench}"
mkdir -p "$work"
mode="${1:-detect}"
shift || true

cd "$root"
mvn -B -q -o -Dstyle.color=never -pl spark -am package -DskipTests
mvn -B -q -o -Dstyle.color=never -pl core,models,spark package -DskipTests dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" > /dev/null
# Spark and its dependencies only (what a distribution's jars/ folder holds): gridbox comes from the -all jar,
# copied so that a build during the run cannot change it
tr ':' '\n' < "$work/cp.txt" | grep -v -e core/target/ -e models/target/ -e twelvemonkeys -e jackson-dataformat-xml \
  | paste -sd: > "$work/spark-cp.txt"
cp "$(ls "$root"/spark/target/gridbox-spark-*-all.jar)" "$work/gridbox-spark-all.jar"
alljar="$work/gridbox-spark-all.jar"
flags="$(grep -o -- '--add-opens=[^ ]*\|-Djdk.reflect.useDirectMethodHandle=false\|-Dio.netty.tryReflectionSetAccessible=true' spark/pom.xml | tr '\n' ' ')"
vector="--add-modules jdk.incubator.vector"

photos() { # photos COUNT -> folder
  local n="$1" dir="$work/photos-$1"
  if [ ! -f "$dir/img$(printf %05d $((n - 1))).jpg" ]; then
    mvn -B -q -o -Dstyle.color=never -pl bench -am package -DskipTests >&2
    java -Dgridbox.root="$root" -cp "$root/bench/target/benchmarks.jar" org.gridbox.bench.DetectFolderFixture "$dir" "$n" >&2
  fi
  echo "$dir"
}

# timed NAME COMMAND...: one line "NAME wall_s cpu_s peak_rss_MB"
timed() {
  local name="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" > "$work/$name.out" 2> "$work/$name.err" || {
    tail -20 "$work/$name.err" >&2; exit 1; }
  awk -v n="$name" '{printf "%s %.1f %.1f %.0f\n", n, $1, $2 + $3, $4 / 1024}' "$work/time.txt"
}

job() { # job MASTER INPUT OUTPUT: sets CMD to the DetectJob command line
  # shellcheck disable=SC2206
  CMD=(java $vector $flags -Xmx2g -Dgridbox.root="$root" -cp "$(cat "$work/spark-cp.txt")"
    org.apache.spark.deploy.SparkSubmit --master "$1" --conf spark.ui.enabled=false
    --conf "spark.driver.extraJavaOptions=$vector"
    --class org.gridbox.spark.DetectJob "$alljar" --input "$2" --output "$3" --model "${MODEL:-nanodet}" --partitions 8)
}

case "$mode" in
  detect)
    n="${1:-200}"; rounds="${2:-2}"
    dir="$(photos "$n")"
    "$root/gridbox" --version > /dev/null # builds the CLI now if needed
    echo "# name wall_s cpu_s peak_rss_MB  ($n photos)"
    for r in $(seq "$rounds"); do
      job 'local[1]' "$dir" "$work/out-local1"; timed "local1-r$r" "${CMD[@]}"
      job 'local[2]' "$dir" "$work/out-local2"; timed "local2-r$r" "${CMD[@]}"
      rm -rf "$work/out-cli"
      timed "cli2-r$r" "$root/gridbox" detect "$dir" --threads 2 --out "$work/out-cli"
    done
    ;;
  memory)
    echo "# name wall_s cpu_s peak_rss_MB"
    for n in "$@"; do
      dir="$(photos "$n")"
      job 'local[2]' "$dir" "$work/out-mem"; timed "local2-$n" "${CMD[@]}"
    done
    ;;
  eval)
    mvn -B -q -o -Dstyle.color=never -pl core,models,spark package -DskipTests
    # run from a copy: a build in this tree during the run (e.g. ./gridbox rebuilding core) would
    # replace class files under the running JVM
    rm -rf "$work/snap" && mkdir -p "$work/snap"
    cp -r spark/target/test-classes "$work/snap/spark-test"
    cp -r spark/target/classes "$work/snap/spark"
    cp -r core/target/classes "$work/snap/core"
    for n in "$@"; do
      echo "## $n images"
      # shellcheck disable=SC2086
      /usr/bin/time -f 'whole JVM: %e s wall, %U+%S s CPU, peak RSS %M KB' java $vector $flags -Xmx3g \
        -cp "$work/snap/spark-test:$work/snap/spark:$work/snap/core:$(tr ':' '\n' < "$work/cp.txt" | grep -v core/target/classes | paste -sd:)" \
        org.gridbox.spark.EvalScale "$n" 2>&1 | grep -v -E 'WARN|^\s*$|incubator'
    done
    ;;
  *) echo "usage: $0 detect [COUNT] [ROUNDS] | memory COUNT... | eval COUNT..." >&2; exit 2 ;;
esac
