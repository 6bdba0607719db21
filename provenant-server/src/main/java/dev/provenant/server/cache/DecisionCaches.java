package dev.provenant.server.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.engine.PolicyEngine;
import dev.provenant.policy.evaluation.ImageEvidence;
import dev.provenant.policy.evaluation.PolicyEvaluator;
import dev.provenant.server.metrics.ServerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The two caches in front of the policy engine, both coalescing: concurrent requests for the same
 * key share one load (Caffeine's {@link AsyncCache#get(Object, java.util.function.BiFunction)}
 * installs the future before it runs), so a hundred pods of a new image cause one resolution and
 * one evidence collection per policy. Loads are never cancelled when a request's deadline passes:
 * they finish in the background and fill the cache for the next request.
 */
public final class DecisionCaches {
  /** Evidence is cached per policy, policy-set revision and pinned image. */
  record EvidenceKey(String policy, String revision, String pinned) {}

  /** A cached load and whether it is a negative result (kept only briefly). */
  record Cached(ImageEvidence evidence, boolean negative) {}

  private final AsyncCache<String, Digest> resolutions;
  private final AsyncCache<EvidenceKey, Cached> evidence;

  /**
   * The longest a finished decision is answered again without re-running the evaluation. A
   * Deployment's replicas ask about the same image many times a second; the window is short so that
   * a moved tag, an expiring {@code maxAge} or a signature just pushed shows within seconds.
   * Denials are kept no longer than negative evidence, allowances no longer than a resolution.
   */
  static final Duration DECISION_TTL = Duration.ofSeconds(5);

  /** A decision as asked: the image as written, the namespace, the policy revision. */
  private record DecisionKey(String image, String namespace, String revision) {}

  private final Cache<DecisionKey, ImageDecision> decisions;
  private final ServerMetrics metrics;
  private final EvidenceCollector collector;
  private final Clock clock;

  public DecisionCaches(
      CacheSettings settings,
      Executor executor,
      ServerMetrics metrics,
      EvidenceCollector collector,
      Clock clock) {
    this.metrics = metrics;
    this.collector = collector;
    this.clock = clock;
    Duration allowedFor = min(DECISION_TTL, settings.resolve());
    Duration deniedFor = min(DECISION_TTL, settings.negative());
    this.decisions =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfter(
                Expiry.<DecisionKey, ImageDecision>writing(
                    (key, decision) -> decision.allowed() ? allowedFor : deniedFor))
            .build();
    this.resolutions =
        Caffeine.newBuilder()
            .executor(executor)
            .maximumSize(10_000)
            .expireAfterWrite(settings.resolve())
            .buildAsync();
    this.evidence =
        Caffeine.newBuilder()
            .executor(executor)
            .maximumSize(10_000)
            .expireAfter(
                Expiry.<EvidenceKey, Cached>writing(
                    (key, value) -> value.negative() ? settings.negative() : settings.evidence()))
            .buildAsync();
  }

  /** A decision made moments ago on {@code image} in {@code namespace} under {@code revision}. */
  public Optional<ImageDecision> recent(String image, String namespace, String revision) {
    ImageDecision recent = decisions.getIfPresent(new DecisionKey(image, namespace, revision));
    metrics.cacheRequest("decision", recent != null);
    return Optional.ofNullable(recent);
  }

  /** Keeps {@code decision} for {@link #recent} (briefly; see {@link #DECISION_TTL}). */
  public void remember(String image, String namespace, String revision, ImageDecision decision) {
    decisions.put(new DecisionKey(image, namespace, revision), decision);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The digest {@code image} names now, resolved once per TTL however many ask at once. */
  public Digest resolve(PolicyEngine engine, ImageReference image) throws ImageAccessException {
    if (image.digest() != null) {
      return image.digest();
    }
    boolean[] loaded = {false};
    CompletableFuture<Digest> future =
        resolutions.get(
            image.toString(),
            (key, pool) -> {
              loaded[0] = true;
              return CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return engine.resolve(image);
                    } catch (ImageAccessException e) {
                      throw new CompletionException(e);
                    }
                  },
                  pool);
            });
    metrics.cacheRequest("resolve", !loaded[0]);
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ImageAccessException access) {
        throw access;
      }
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }

  /** The evidence for {@code pinned} under {@code policy}, collected once per key and TTL. */
  public ImageEvidence evidence(PolicyEngine engine, ImagePolicy policy, ImageReference pinned) {
    EvidenceKey key =
        new EvidenceKey(policy.name(), engine.policies().revision(), pinned.toString());
    boolean[] loaded = {false};
    CompletableFuture<Cached> future =
        evidence.get(
            key,
            (k, pool) -> {
              loaded[0] = true;
              return CompletableFuture.supplyAsync(() -> load(engine, policy, pinned), pool);
            });
    metrics.cacheRequest("evidence", !loaded[0]);
    try {
      return future.join().evidence();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }

  private Cached load(PolicyEngine engine, ImagePolicy policy, ImageReference pinned) {
    ImageEvidence found = collector.collect(engine, policy, pinned);
    return new Cached(found, negative(policy, pinned, found));
  }

  /** Failed to gather, or gathered but not enough for the policy: worth asking again soon. */
  private boolean negative(ImagePolicy policy, ImageReference pinned, ImageEvidence found) {
    if (found.failure() != null) {
      return true;
    }
    try {
      return !PolicyEvaluator.evaluate(policy, pinned, found, clock.instant()).passed();
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Forgets everything: called when the policy set (or a key it names) changes. */
  public void invalidateAll() {
    resolutions.synchronous().invalidateAll();
    evidence.synchronous().invalidateAll();
    decisions.invalidateAll();
  }
}
