#!/usr/bin/env bash
# Whole-process wall time of `provenant digest` on a 1 GiB file against `openssl dgst -sha256`
# (the fastest hasher here) and coreutils `sha256sum`, same file, same script. Best of N runs each,
# after one warm run, so that all three read the file from the page cache.
# Usage: bench/digest.sh [SIZE_MIB] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
runs=${2:-5}
file=$(mktemp --tmpdir provenant-bench.XXXXXX)
trap 'rm -f "$file"' EXIT
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$file"
./provenant version >/dev/null   # build and warm the launcher's caches outside the timings

best() { # best wall time in seconds of running "$@" $runs times
  local b="" t0 t1 t
  "$@" >/dev/null
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    t=$(( (t1 - t0) / 1000000 ))
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
  done
  echo "$b"
}

openssl_ms=$(best openssl dgst -sha256 "$file")
sha256sum_ms=$(best sha256sum "$file")
provenant_ms=$(best ./provenant digest "$file")
[ "$(./provenant digest "$file" | cut -d' ' -f1)" = "sha256:$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)" ] \
  || { echo "digest mismatch between provenant and openssl" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "file: ${size_mib} MiB, best of ${runs} runs, wall time"
echo "openssl dgst -sha256   ${openssl_ms} ms  (reference)"
echo "sha256sum              ${sha256sum_ms} ms  ($(ratio "$sha256sum_ms" "$openssl_ms")x openssl)"
echo "provenant digest       ${provenant_ms} ms  ($(ratio "$provenant_ms" "$openssl_ms")x openssl)"
