package dev.provenant.server.admission;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.engine.PolicyEngine;
import dev.provenant.policy.engine.RegistryClients;
import dev.provenant.server.cache.DecisionCaches;
import dev.provenant.server.metrics.ServerMetrics;
import dev.provenant.server.policies.LoadedPolicies;
import dev.provenant.server.policies.PolicyStore;
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

  /** The digest {@code image} names now (cached briefly). */
  public Digest pin(ImageReference image) throws ImageAccessException {
    Optional<LoadedPolicies> loaded = store.current();
    if (loaded.isEmpty()) {
      throw new ImageAccessException(ImageAccessException.Failure.NOT_FOUND, noPolicies());
    }
    return resolve(loaded.get().engine(), image);
  }

  private Digest resolve(PolicyEngine engine, ImageReference image) throws ImageAccessException {
    metrics.registryClient(image.registry(), host -> registries.forRegistry(host).stats());
    return caches.resolve(engine, image);
  }

  private String noPolicies() {
    return "no policies are loaded"
        + store.problem().map(p -> " (" + p + ")").orElse("")
        + "; fix the policy files, the server reloads them";
  }
}
