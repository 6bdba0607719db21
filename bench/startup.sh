#!/usr/bin/env bash
# Start-up cost, which every CI step pays: whole-process wall time of `provenant version` and of
# `provenant digest` on a small file, against a bare `java` hello-world on the same JDK, same
# script. Median of N runs each.
# Usage: bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
jdk=$(scripts/find-jdk)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
"$jdk/bin/javac" -d "$work" "$work/Hello.java"
echo "small file" > "$work/small.txt"
./provenant version >/dev/null   # build and make the start-up cache outside the timings

median() { # median wall time in ms of running "$@" $runs times
  local t0 t1
  "$@" >/dev/null
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

hello_ms=$(median "$jdk/bin/java" -cp "$work" Hello)
version_ms=$(median ./provenant version)
digest_ms=$(median ./provenant digest "$work/small.txt")
jar_ms=$(median "$jdk/bin/java" -jar provenant-cli/target/provenant-cli.jar version)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo "JDK: $("$jdk/bin/java" -version 2>&1 | head -1); median of ${runs} runs, wall time"
echo "java Hello (reference)                      ${hello_ms} ms"
echo "./provenant version                         ${version_ms} ms  ($(ratio "$version_ms" "$hello_ms")x)"
echo "./provenant digest small.txt                ${digest_ms} ms  ($(ratio "$digest_ms" "$hello_ms")x)"
echo "java -jar provenant-cli.jar version (no launcher tuning, no AOT cache)  ${jar_ms} ms  ($(ratio "$jar_ms" "$hello_ms")x)"
