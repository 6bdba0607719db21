package dev.provenant.oci.registry;

/**
 * Counts of what a {@link RegistryClient} sent, for benchmarks and diagnostics.
 *
 * @param requests every HTTP request sent, including retries, redirects, pings and token requests
 * @param retries requests that were repeated after a transient failure (429, 502, 503, 504, or a
 *     connection closed mid-answer)
 * @param tokenRequests requests sent to a Bearer token endpoint
 */
public record RequestStats(long requests, long retries, long tokenRequests) {}
