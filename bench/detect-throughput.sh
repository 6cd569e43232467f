#!/usr/bin/env bash
# End-to-end throughput and peak memory of `gridbox detect` (decode -> detect -> draw -> write) on
# folders of generated 1280x720 photos (DetectFolderFixture: the demo photos scaled and cropped),
# default model, 2 threads. Peak RSS is GNU time's "Maximum resident set size" of the JVM.
#
# Usage: bench/detect-throughput.sh [COUNT...]      (default: 200 2000)
# Needs: /usr/bin/time (GNU). Writes its scratch files under ${WORK:-/tmp/gridbox-detect-bench}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${WORK:-/tmp/gridbox-detect-bench}"
threads="${THREADS:-2}"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(200 2000)

(cd "$root" && mvn -B -q -o -Dstyle.color=never -pl bench -am package -DskipTests)
cp="$root/bench/target/benchmarks.jar"
"$root/gridbox" --version > /dev/null  # builds the CLI now if needed, so no build is timed below

for n in "${counts[@]}"; do
  dir="$work/photos-$n"
  if [ ! -f "$dir/img$(printf %05d $((n - 1))).jpg" ]; then
    java -Dgridbox.root="$root" -cp "$cp" org.gridbox.bench.DetectFolderFixture "$dir" "$n" >&2
  fi
  rm -rf "$work/out-$n"
  /usr/bin/time -v -o "$work/time-$n.txt" \
    "$root/gridbox" detect "$dir" --threads "$threads" --out "$work/out-$n" > "$work/summary-$n.txt"
  rate=$(grep -oE '[0-9.]+ images/s' "$work/summary-$n.txt" | head -1)
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2 / 1024}' "$work/time-$n.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time-$n.txt")
  dets=$(awk '$1 == "total" {print $2}' "$work/summary-$n.txt")
  printf '| %d | %s | %s | %s | %s | %s |\n' "$n" "$threads" "$rate" "$wall" "$rss" "$dets"
  echo "  ($dets detections; summary in $work/summary-$n.txt)" >&2
done
