package dev.provenant.server.metrics;

import dev.provenant.oci.registry.RequestStats;
import dev.provenant.policy.decision.Outcome;
import dev.provenant.policy.engine.RegistryClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics:
 *
 * <ul>
 *   <li>{@code provenant_admission_decisions_total{result=allowed|warned|denied}}: image decisions
 *   <li>{@code provenant_admission_request_seconds{endpoint}}: AdmissionReview latency, histogram
 *   <li>{@code provenant_cache_requests_total{cache=resolve|evidence|decision,result=hit|miss}}:
 *       {@code decision} is the short-lived cache of decisions just made, answered on the request's
 *       thread
 *   <li>{@code provenant_registry_requests_total{registry}}, {@code
 *       provenant_registry_retries_total{registry}}, {@code
 *       provenant_registry_token_requests_total{registry}}: what the open registry clients sent
 * </ul>
 *
 * <p>The registry hosts come from the images under review, so the per-host series are bounded: the
 * first {@link #DEFAULT_MAX_REGISTRY_SERIES} hosts get their own series, every later host is added
 * into one {@code registry="other"} series. A series falls back (a counter reset) when its client
 * is closed as least recently used.
 */
public final class ServerMetrics {
  /** The label of the series that adds up the hosts past the limit. */
  public static final String OTHER = "other";

  private static final RequestStats NONE = new RequestStats(0, 0, 0);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Outcome, Counter> decisions = new ConcurrentHashMap<>();
  private final Set<String> registries = ConcurrentHashMap.newKeySet();
  private final int maxRegistrySeries;
  private final AtomicBoolean otherRegistered = new AtomicBoolean();
  private final Map<String, Supplier<RequestStats>> statSources = new ConcurrentHashMap<>();

  /** Enough for the registries a cluster really uses, few enough for a Prometheus server. */
  public static final int DEFAULT_MAX_REGISTRY_SERIES = 64;

  public ServerMetrics() {
    this(DEFAULT_MAX_REGISTRY_SERIES);
  }

  /** Metrics with at most {@code maxRegistrySeries} per-host registry series (plus other). */
  public ServerMetrics(int maxRegistrySeries) {
    this.maxRegistrySeries = maxRegistrySeries;
  }

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
   * Exposes the request counts of the client for {@code host} once it is first used, read from
   * {@code clients} on each scrape (without opening a client); past the series limit the host is
   * counted in the {@code other} series.
   */
  public void registryClient(String host, RegistryClients clients) {
    if (registries.contains(host)) {
      return;
    }
    synchronized (registries) {
      if (registries.size() < maxRegistrySeries) {
        if (registries.add(host)) {
          registerRegistry(host, () -> clients.stats(host).orElse(NONE));
        }
        return;
      }
    }
    if (otherRegistered.compareAndSet(false, true)) {
      registerRegistry(OTHER, () -> clients.totalStats(h -> !registries.contains(h)));
    }
  }

  private void registerRegistry(String label, Supplier<RequestStats> stats) {
    // Micrometer holds a function counter's object weakly: keep it for as long as the series.
    statSources.put(label, stats);
    FunctionCounter.builder("provenant.registry.requests", stats, s -> s.get().requests())
        .description("HTTP requests sent to a registry, including retries and token requests")
        .tag("registry", label)
        .register(registry);
    FunctionCounter.builder("provenant.registry.retries", stats, s -> s.get().retries())
        .description("Registry requests repeated after a transient failure")
        .tag("registry", label)
        .register(registry);
    FunctionCounter.builder(
            "provenant.registry.token.requests", stats, s -> s.get().tokenRequests())
        .description("Requests sent to a registry's token endpoint")
        .tag("registry", label)
        .register(registry);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
