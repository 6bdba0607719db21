package dev.provenant.server.admission;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.decision.Outcome;
import dev.provenant.policy.decision.PolicyResult;
import dev.provenant.policy.engine.PolicyEngine;
import dev.provenant.policy.engine.RegistryClients;
import dev.provenant.policy.evaluation.PolicyEvaluator;
import dev.provenant.server.cache.DecisionCaches;
import dev.provenant.server.metrics.ServerMetrics;
import dev.provenant.server.policies.LoadedPolicies;
import dev.provenant.server.policies.PolicyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides and pins images with the policies in force, through the caches. */
public final class ImageDecider {
  private final PolicyStore store;
  private final DecisionCaches caches;
  private final ServerMetrics metrics;
  private final RegistryClients registries;

  public ImageDecider(
      PolicyStore store, DecisionCaches caches, ServerMetrics metrics, RegistryClients registries) {
    this.store = store;
    this.caches = caches;
    this.metrics = metrics;
    this.registries = registries;
  }

  /** The decision on {@code image} in {@code namespace}; denied when no policies are loaded. */
  public ImageDecision decide(String image, String namespace) {
    Optional<LoadedPolicies> loaded = store.current();
    if (loaded.isEmpty()) {
      return ImageDecision.failed(image, null, noPolicies());
    }
    PolicyEngine engine = loaded.get().engine();
    ImageDecision decision =
        engine.decide(
            image,
            namespace,
            reference -> resolve(engine, reference),
            (policy, pinned) -> caches.evidence(engine, policy, pinned));
    caches.remember(image, namespace, loaded.get().revision(), decision);
    return decision;
  }

  /** A decision on {@code image} made moments ago under the policies in force, if any. */
  public Optional<ImageDecision> recent(String image, String namespace) {
    return store.current().flatMap(loaded -> caches.recent(image, namespace, loaded.revision()));
  }

  /**
   * What mutate does with {@code image} in {@code namespace}: pin it to the digest it names now
   * (allowed, with that digest to patch in), leave it as written (allowed, no digest), or deny it.
   *
   * <p>Only an image that a policy governs (matched and not excluded) is resolved: the others are
   * left for validate, so that a review cannot make the webhook contact a host no policy names.
   * Before pinning, the reference rules ({@code requireDigest}, {@code denyMutableTags}) are
   * applied to the reference as written, since validate sees only the pinned reference, which
   * passes them.
   */
  public ImageDecision pin(String image, String namespace) {
    ImageReference requested;
    try {
      requested = ImageReference.parse(image);
    } catch (InvalidReferenceException e) {
      return ImageDecision.failed(image, null, "not an image reference: " + e.getMessage());
    }
    if (requested.digest() != null) {
      return new ImageDecision(
          image, null, Outcome.ALLOWED, "allowed: already pinned to a digest", List.of());
    }
    Optional<LoadedPolicies> loaded = store.current();
    if (loaded.isEmpty()) {
      return ImageDecision.failed(image, null, noPolicies());
    }
    PolicyEngine engine = loaded.get().engine();
    PolicyEngine.Selection selection = engine.select(requested, namespace);
    if (selection.evaluated().isEmpty()) {
      return new ImageDecision(
          image,
          null,
          Outcome.ALLOWED,
          "allowed: left as written, "
              + (selection.unmatched()
                  ? "no policy matches it"
                  : "every policy that matches it excludes it")
              + "; validate decides it",
          selection.excluded());
    }
    Digest digest;
    try {
      digest = resolve(engine, requested);
    } catch (ImageAccessException | RuntimeException e) {
      String why =
          "the image cannot be resolved: "
              + (e instanceof ImageAccessException ? e.getMessage() : e.toString());
      // Warn-mode policies only: admitted unpinned, with the warning validate would give.
      ImageDecision unresolved = PolicyEvaluator.unresolved(image, requested, selection, why);
      return unresolved.allowed() ? unresolved : ImageDecision.failed(image, null, why);
    }
    List<PolicyResult> results = new ArrayList<>(selection.excluded());
    results.addAll(engine.referenceRules(requested, namespace, digest));
    ImageDecision checked = ImageDecision.of(image, digest, results);
    if (!checked.allowed()) {
      return checked;
    }
    String pinned = "pinned to " + digest;
    return new ImageDecision(
        image,
        digest,
        checked.outcome(),
        checked.outcome() == Outcome.WARNED
            ? checked.reason() + "; " + pinned
            : "allowed: " + pinned,
        results);
  }

  private Digest resolve(PolicyEngine engine, ImageReference image) throws ImageAccessException {
    metrics.registryClient(image.registry(), registries);
    return caches.resolve(engine, image);
  }

  private String noPolicies() {
    return "no policies are loaded"
        + store.problem().map(p -> " (" + p + ")").orElse("")
        + "; fix the policy files, the server reloads them";
  }
}
