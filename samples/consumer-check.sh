#!/usr/bin/env bash
# Throw-away consumer check for gridbox-core (issue 15). Follows the README's library section on an
# EMPTY local Maven repository, then builds a separate project that depends on gridbox-core and runs
# it on the class path (with and without --add-modules jdk.incubator.vector) and on the module path.
#
#   samples/consumer-check.sh           # install + check on class path and module path (~3-5 min)
#   samples/consumer-check.sh --timing  # also the plain-vs-flag timing table (3 paired rounds)
#
# Needs Maven Central (an empty repository cannot be filled offline). Set CONSUMER_REPO to reuse a
# repository between runs. Not part of `mvn verify` (it costs minutes, not seconds).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPO="${CONSUMER_REPO:-$(mktemp -d)}"
WORK="$(mktemp -d)"
echo "gridbox: $ROOT"
echo "local Maven repository: $REPO"
echo "consumer project: $WORK"

# 1. The README's words: install core and the parent POM it names.
(cd "$ROOT" && mvn -B -q -Dmaven.repo.local="$REPO" -pl core -am install -DskipTests)

# 2. A separate project that depends on gridbox-core.
cp -r "$ROOT/samples/consumer-check/." "$WORK/"
(cd "$WORK" && mvn -B -q -Dmaven.repo.local="$REPO" package \
  dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=runtime \
  dependency:copy-dependencies -DoutputDirectory=mods -DincludeScope=runtime)
CP="$WORK/target/classes:$(cat "$WORK/cp.txt")"
MP="$WORK/target/classes:$WORK/mods"

run() { echo "--- $1"; shift; "$@"; }
run "class path, no flag" java -cp "$CP" consumer.ConsumerMain check "$ROOT"
run "class path, --add-modules jdk.incubator.vector" \
  java --add-modules jdk.incubator.vector -cp "$CP" consumer.ConsumerMain check "$ROOT"
run "module path, no flag" java -p "$MP" -m consumer/consumer.ConsumerMain check "$ROOT"

if [[ "${1:-}" == "--timing" ]]; then
  # Paired: the three launches alternate within each round; each prints median CPU ms per call.
  echo "--- timing (median CPU ms per call; 3 rounds, launches interleaved)"
  for round in 1 2 3; do
    echo "round $round cp-plain $(java -cp "$CP" consumer.ConsumerMain bench "$ROOT" 2>/dev/null)"
    echo "round $round cp-flag  $(java --add-modules jdk.incubator.vector -cp "$CP" consumer.ConsumerMain bench "$ROOT" 2>/dev/null)"
    echo "round $round mp-plain $(java -p "$MP" -m consumer/consumer.ConsumerMain bench "$ROOT" 2>/dev/null)"
  done
fi
echo "consumer check passed"
