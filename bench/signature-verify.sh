#!/usr/bin/env bash
# Verifies one keyed legacy signature on a loopback docker-registry against the bare requests
# (see SignatureVerifyBenchmark's Javadoc). Needs docker-registry.
exec "$(dirname "$0")/oci-bench.sh" SignatureVerifyBenchmark
