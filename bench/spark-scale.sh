#!/usr/bin/env bash
# Scale figures of gridbox-spark (bench/README.md, section "Spark"). Runs Spark without a Spark
# distribution: spark-submit's own class, org.apache.spark.deploy.SparkSubmit, on the Spark jars
# Maven resolved into ~/.m2, with the --add-opens flags of spark/pom.xml.
#
#   bench/spark-scale.sh detect [COUNT] [ROUNDS]   DetectJob local[1], local[2] and `gridbox detect
#                                                  --threads 2` on COUNT 1280x720 photos (default 200),
#                                                  alternating, ROUNDS times (default 2): wall, CPU
#                                                  (user+sys of the process tree), peak RSS
#   bench/spark-scale.sh memory COUNT...           DetectJob local[2] per COUNT: peak RSS and the heap
#                                                  after each GC (MODEL=face for a cheaper model than the
#                                                  default nanodet; HEAP=512m to cap the heap; HISTO=SECONDS
#                                                  also takes a class histogram every SECONDS, each after
#                                                  a full GC whose "heap after" is the live heap)
#   bench/spark-scale.sh eval COUNT...             SparkCocoEvaluation vs core's evaluator on COUNT
#                                                  synthetic images (EvalScale)
#
# Photos: bench's DetectFolderFixture (the demo photos scaled and cropped; as detect-throughput.sh).
# DetectJob's JVM (driver and executors: local mode) gets -Xmx${HEAP:-2g} (Spark refuses a heap under
# 450 MiB: INVALID_DRIVER_MEMORY) and logs its GCs to WORK/gc-NAME.log (one line per collection: heap
# before -> after (committed)).
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

# timed NAME COMMAND...: one line "NAME wall_s cpu_s peak_rss_MB load_at_start load_at_end UTC_start-end"
# (load: the 1-minute load average; the machine may be shared, so CPU time is the figure to compare)
timed() {
  local name="$1"; shift
  local load0 t0; load0="$(cut -d' ' -f1 /proc/loadavg)"; t0="$(date -u +%H:%M:%S)"
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$@" > "$work/$name.out" 2> "$work/$name.err" || {
    grep -m1 -E 'Exception|Error' "$work/$name.err" >&2; tail -20 "$work/$name.err" >&2; exit 1; }
  awk -v n="$name" -v l0="$load0" -v l1="$(cut -d' ' -f1 /proc/loadavg)" -v t="$t0-$(date -u +%H:%M:%S)" \
    '{printf "%s %.1f %.1f %.0f %s %s %s\n", n, $1, $2 + $3, $4 / 1024, l0, l1, t}' "$work/time.txt"
}

job() { # job NAME MASTER INPUT OUTPUT: sets CMD to the DetectJob command line
  local name="$1"; shift
  rm -f "$work/gc-$name.log"
  # shellcheck disable=SC2206
  CMD=(java $vector $flags "-Xmx${HEAP:-2g}" "-Xlog:gc:file=$work/gc-$name.log" -Dgridbox.root="$root" -cp "$(cat "$work/spark-cp.txt")"
    org.apache.spark.deploy.SparkSubmit --master "$1" --conf spark.ui.enabled=false
    --conf "spark.driver.extraJavaOptions=$vector"
    --class org.gridbox.spark.DetectJob "$alljar" --input "$2" --output "$3" --model "${MODEL:-nanodet}" --partitions 8)
}

# gcsummary NAME: the heap after each collection in WORK/gc-NAME.log (G1's "Pause ... 300M->120M(512M)"
# lines): young and mixed collections (count, largest and mean heap after them, mean over the last tenth
# of the run), full collections (the histograms': count, largest heap after), largest committed heap
gcsummary() {
  awk -v n="$1" '
    function mb(v) { u = substr(v, length(v)); v = substr(v, 1, length(v) - 1) + 0
      return u == "G" ? v * 1024 : u == "K" ? v / 1024 : u == "B" ? v / 1048576 : v }
    /Pause (Young|Full)/ && match($0, /[0-9.]+[BKMG]->[0-9.]+[BKMG]\([0-9.]+[BKMG]\)/) {
      s = substr($0, RSTART, RLENGTH); split(s, a, /->|\(|\)/); v = mb(a[2]); if (mb(a[3]) > cm) cm = mb(a[3])
      if ($0 ~ /Pause Full/) { full++; if (v > fmx) fmx = v; next }
      k++; time[k] = substr($1, 2) + 0; after[k] = v; sum += v; if (v > mx) mx = v
    }
    END {
      if (!k) { print n, "no GC lines"; exit }
      for (i = 1; i <= k; i++) if (time[i] >= 0.9 * time[k]) { m++; ts += after[i] }
      printf "%s young/mixed GCs %d, heap after them: max %.0f MB, mean %.0f MB, mean over the last tenth %.0f MB; full GCs %d, max after %.0f MB; committed max %.0f MB\n", \
        n, k, mx, sum / k, ts / m, full, fmx, cm }' "$work/gc-$1.log"
}

# histo NAME PATTERN SECONDS &: every SECONDS, GC.class_histogram of the JVM whose command line contains
# PATTERN, into WORK/histo-NAME-ELAPSED_S.txt. Each one runs a full GC first, whose "heap after" in the GC
# log is the live heap (plus G1's partly filled regions) -- unless the GC locker is held, when the JVM
# skips that GC (log: "pre-dump GC was skipped") and the histogram counts garbage too
histo() {
  local name="$1" pat="$2" every="$3" pid="" start=$SECONDS
  rm -f "$work/histo-$name"-*.txt
  while sleep "$every"; do
    [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null || pid="$(pgrep -f -- "^java .*$pat" | head -1)" || continue
    jcmd "$pid" GC.class_histogram > "$work/histo-$name-$((SECONDS - start)).txt" 2> /dev/null || continue
  done
}

case "$mode" in
  detect)
    n="${1:-200}"; rounds="${2:-2}"
    dir="$(photos "$n")"
    "$root/gridbox" --version > /dev/null # builds the CLI now if needed
    echo "# name wall_s cpu_s peak_rss_MB load_start load_end utc  ($n photos)"
    for r in $(seq "$rounds"); do
      job "local1-r$r" 'local[1]' "$dir" "$work/out-local1"; timed "local1-r$r" "${CMD[@]}"
      job "local2-r$r" 'local[2]' "$dir" "$work/out-local2"; timed "local2-r$r" "${CMD[@]}"
      rm -rf "$work/out-cli"
      timed "cli2-r$r" "$root/gridbox" detect "$dir" --threads 2 --out "$work/out-cli"
      gcsummary "local1-r$r"; gcsummary "local2-r$r"
    done
    ;;
  memory)
    echo "# name wall_s cpu_s peak_rss_MB load_start load_end utc  (-Xmx${HEAP:-2g})"
    sampler=""
    trap '[ -z "$sampler" ] || kill "$sampler" 2> /dev/null' EXIT
    for n in "$@"; do
      dir="$(photos "$n")"
      job "local2-$n" 'local[2]' "$dir" "$work/out-mem-$n"
      if [ -n "${HISTO:-}" ]; then histo "local2-$n" "--output $work/out-mem-$n " "$HISTO" & sampler=$!; fi
      timed "local2-$n" "${CMD[@]}"
      gcsummary "local2-$n"
      if [ -n "$sampler" ]; then
        kill "$sampler"; wait "$sampler" 2> /dev/null || true; sampler=""
        echo "local2-$n heap after each histogram's full GC (JVM uptime s:MB):" \
          "$(awk '/Pause Full/ && match($0, /->[0-9]+M/) {printf "%d:%s ", substr($1, 2), substr($0, RSTART + 2, RLENGTH - 3)}' \
            "$work/gc-local2-$n.log")($(grep -c 'pre-dump GC was skipped' "$work/gc-local2-$n.log") histograms without one)"
      fi
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
