#!/usr/bin/env bash
# Runs one of the benchmark programs in provenant-oci's test sources (dev.provenant.oci.bench.*)
# on the project's JDK with the test classpath. Usage: bench/oci-bench.sh CLASS_SIMPLE_NAME
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="$(scripts/find-jdk)"
cp_file=provenant-oci/target/bench.classpath
./mvnw -q -B -pl provenant-oci -am -DskipTests -Dspotless.check.skip=true test-compile \
  dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test >/dev/null
cp="provenant-oci/target/test-classes:provenant-oci/target/classes:provenant-core/target/classes:$(cat "$cp_file")"
exec "$JAVA_HOME/bin/java" -cp "$cp" "dev.provenant.oci.bench.$1"
