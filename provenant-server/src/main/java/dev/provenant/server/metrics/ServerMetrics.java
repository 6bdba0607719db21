package dev.provenant.server.metrics;

import dev.provenant.oci.registry.RequestStats;
import dev.provenant.policy.decision.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The server's Prometheus metrics:
 *
 * <ul>
 *   <li>{@code provenant_admission_decisions_total{result=allowed|warned|denied}}: image decisions
 *   <li>{@code provenant_admission_request_seconds{endpoint}}: AdmissionReview latency, histogram
 *   <li>{@code provenant_cache_requests_total{cache=resolve|evidence,result=hit|miss}}
 *   <li>{@code provenant_registry_requests_total{registry}}, {@code
 *       provenant_registry_retries_total{registry}}, {@code
 *       provenant_registry_token_requests_total{registry}}: what the registry clients sent
 * </ul>
 */
public final class ServerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Outcome, Counter> decisions = new ConcurrentHashMap<>();
  private final Set<String> registries = ConcurrentHashMap.newKeySet();

  public void decision(Outcome outcome) {
    decisions
        .computeIfAbsent(
            outcome,
            o ->
                Counter.builder("provenant.admission.decisions")
                    .description("Image decisions by result")
                    .tag("result", o.lowerCase())
                    .register(registry))
        .increment();
  }

  public void request(String endpoint, Duration elapsed) {
    Timer.builder("provenant.admission.request")
        .description("Time to answer an AdmissionReview")
        .tag("endpoint", endpoint)
        .publishPercentileHistogram()
        .register(registry)
        .record(elapsed);
  }

  /** One lookup in {@code cache}: a hit found (or joined) a value, a miss started a load. */
  public void cacheRequest(String cache, boolean hit) {
    Counter.builder("provenant.cache.requests")
        .description("Cache lookups by cache and result")
        .tag("cache", cache)
        .tag("result", hit ? "hit" : "miss")
        .register(registry)
        .increment();
  }

  /**
   * Exposes the request counts of the client for {@code host} once it is first used; {@code stats}
   * reads them on each scrape.
   */
  public void registryClient(String host, Function<String, RequestStats> stats) {
    if (!registries.add(host)) {
      return;
    }
    FunctionCounter.builder("provenant.registry.requests", host, h -> stats.apply(h).requests())
        .description("HTTP requests sent to a registry, including retries and token requests")
        .tag("registry", host)
        .register(registry);
    FunctionCounter.builder("provenant.registry.retries", host, h -> stats.apply(h).retries())
        .description("Registry requests repeated after a transient failure")
        .tag("registry", host)
        .register(registry);
    FunctionCounter.builder(
            "provenant.registry.token.requests", host, h -> stats.apply(h).tokenRequests())
        .description("Requests sent to a registry's token endpoint")
        .tag("registry", host)
        .register(registry);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
