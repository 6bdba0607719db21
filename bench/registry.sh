#!/usr/bin/env bash
# Lists 1,000 tags and inspects 200 images on a loopback docker-registry with Provenant's client,
# against the same GETs sent bare (see RegistryBenchmark's Javadoc). Needs docker-registry.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(scripts/find-jdk)"
cp_file=provenant-oci/target/bench.classpath
./mvnw -q -B -pl provenant-oci -am -DskipTests -Dspotless.check.skip=true test-compile \
  dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test >/dev/null
cp="provenant-oci/target/test-classes:provenant-oci/target/classes:provenant-core/target/classes:$(cat "$cp_file")"
exec "$JAVA_HOME/bin/java" -cp "$cp" dev.provenant.oci.bench.RegistryBenchmark
