#!/usr/bin/env bash
# The admission webhook under load over TLS on loopback, against a loopback docker-registry: warm
# (cached) decisions against GET /healthz, cold decisions against a bare manifest GET, and 100
# concurrent requests for one new digest (see WebhookBenchmark's Javadoc). Needs docker-registry.
# Options as system properties: -Dconcurrency=16 -Dseconds=10 -Dcold=60 -DwarmUpImages=300
# -DwarmUpRounds=12 -DquietJitMillis=100
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(scripts/find-jdk)"
cp_file=provenant-server/target/bench.classpath
./mvnw -q -B -pl provenant-server -am -DskipTests -Dspotless.check.skip=true test-compile \
  dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test >/dev/null
cp="provenant-server/target/test-classes:provenant-server/target/classes"
for module in provenant-policy provenant-sigstore provenant-oci provenant-core; do
  cp="$cp:$module/target/classes"
done
cp="$cp:provenant-oci/target/test-classes:$(cat "$cp_file")"
exec "$JAVA_HOME/bin/java" "$@" -cp "$cp" dev.provenant.server.${BENCH_CLASS:-WebhookBenchmark}
