#!/usr/bin/env bash
# Lists 1,000 tags and inspects 200 images on a loopback docker-registry with Provenant's client,
# against the same GETs sent bare (see RegistryBenchmark's Javadoc). Needs docker-registry.
exec "$(dirname "$0")/oci-bench.sh" RegistryBenchmark
