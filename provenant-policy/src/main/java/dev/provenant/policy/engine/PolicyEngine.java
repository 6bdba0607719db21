package dev.provenant.policy.engine;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.registry.ManifestHead;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.PolicySet;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.decision.PolicyResult;
import dev.provenant.policy.evaluation.ImageEvidence;
import dev.provenant.policy.evaluation.PolicyEvaluator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides images against a {@link PolicySet}: parse the reference, pick the policies that govern
 * it, resolve it once to its manifest digest, gather each policy's evidence for that digest, and
 * evaluate. Every failure along the way is a deny with its reason (fail closed), never an
 * exception.
 *
 * <p>The steps are public so that a server can cache them: {@link #resolve} (tag to digest) and
 * {@link #collect} (evidence for a digest under one policy, the expensive part) are pure functions
 * of their arguments and the policy revision; {@link #decide(String, String, Resolver,
 * EvidenceSource)} runs the same path through the caller's caches.
 */
public final class PolicyEngine {
  /** Resolves a reference to the digest of its manifest. */
  @FunctionalInterface
  public interface Resolver {
    Digest resolve(ImageReference image) throws ImageAccessException;
  }

  /** Gathers (or recalls) the evidence for a pinned image under one policy. */
  @FunctionalInterface
  public interface EvidenceSource {
    ImageEvidence evidence(ImagePolicy policy, ImageReference pinned);
  }

  /** Which policies apply to an image, and which spared it by an exclusion. */
  public record Selection(List<ImagePolicy> evaluated, List<PolicyResult> excluded) {
    public boolean unmatched() {
      return evaluated.isEmpty() && excluded.isEmpty();
    }
  }

  private final PolicySet policies;
  private final RegistryClients registries;
  private final EvidenceCollector collector;
  private final Clock clock;

  /**
   * @param trustedRoot what vouches for keyless certificates, transparency log entries and
   *     timestamps
   */
  public PolicyEngine(
      PolicySet policies, RegistryClients registries, TrustedRoot trustedRoot, Clock clock) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.registries = Objects.requireNonNull(registries, "registries");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.collector = new EvidenceCollector(registries, trustedRoot, clock);
  }

  public PolicySet policies() {
    return policies;
  }

  /** The policies that govern {@code image} in {@code namespace} (null outside admission). */
  public Selection select(ImageReference image, String namespace) {
    List<ImagePolicy> evaluated = new ArrayList<>();
    List<PolicyResult> excluded = new ArrayList<>();
    for (ImagePolicy policy : policies.matching(image, namespace)) {
      Optional<String> entry = policy.exclude().excludedBy(image);
      if (entry.isPresent()) {
        excluded.add(PolicyResult.excluded(policy.name(), policy.mode(), entry.get()));
      } else {
        evaluated.add(policy);
      }
    }
    return new Selection(evaluated, excluded);
  }

  /**
   * The reference rules ({@code requireDigest}, {@code denyMutableTags}) of every policy that
   * governs {@code requested} in {@code namespace}, applied to the reference as written: one result
   * per evaluated policy, none when no policy governs it. A mutating webhook applies them before it
   * pins the image, since the pinned reference that validation sees passes both.
   *
   * @param resolved the digest the reference resolves to, named in the remedies; or null
   */
  public List<PolicyResult> referenceRules(
      ImageReference requested, String namespace, Digest resolved) {
    return select(requested, namespace).evaluated().stream()
        .map(policy -> PolicyEvaluator.referenceRules(policy, requested, resolved))
        .toList();
  }

  /** The digest {@code image} names now (its own digest when it is pinned). */
  public Digest resolve(ImageReference image) throws ImageAccessException {
    if (image.digest() != null) {
      return image.digest();
    }
    Optional<ManifestHead> head;
    try (RegistryClients.Lease lease = registries.lease(image.registry())) {
      head = lease.client().headManifest(image.repository(), image.manifestReference());
    }
    return head.orElseThrow(
            () ->
                new ImageAccessException(
                    ImageAccessException.Failure.NOT_FOUND,
                    image + ": no such image in the registry; check the repository and tag"))
        .digest();
  }

  /** Gathers the evidence for {@code pinned} under {@code policy}; failures are recorded in it. */
  public ImageEvidence collect(ImagePolicy policy, ImageReference pinned) {
    return collector.collect(policy, pinned);
  }

  /** Decides {@code image} without caches (the CLI's path). */
  public ImageDecision decide(String image, String namespace) {
    return decide(image, namespace, this::resolve, this::collect);
  }

  /**
   * Decides {@code image}, resolving and gathering evidence through the caller's functions.
   *
   * @param namespace the admission namespace, or null
   */
  public ImageDecision decide(
      String image, String namespace, Resolver resolver, EvidenceSource evidence) {
    ImageReference requested;
    try {
      requested = ImageReference.parse(image);
    } catch (InvalidReferenceException e) {
      return ImageDecision.failed(image, null, "not an image reference: " + e.getMessage());
    }
    Selection selection = select(requested, namespace);
    if (selection.unmatched()) {
      return ImageDecision.unmatched(image, requested.digest(), policies.unmatched());
    }
    if (selection.evaluated().isEmpty()) {
      return ImageDecision.of(image, requested.digest(), selection.excluded());
    }
    Digest digest;
    try {
      digest = resolver.resolve(requested);
    } catch (ImageAccessException e) {
      return PolicyEvaluator.unresolved(image, requested, selection, e.getMessage());
    } catch (RuntimeException e) {
      return PolicyEvaluator.unresolved(
          image, requested, selection, "the image could not be resolved: " + e);
    }
    ImageReference pinned = requested.withDigest(digest);
    List<PolicyResult> results = new ArrayList<>(selection.excluded());
    for (ImagePolicy policy : selection.evaluated()) {
      ImageEvidence found;
      try {
        found = evidence.evidence(policy, pinned);
      } catch (RuntimeException e) {
        found = ImageEvidence.failed(pinned, "evidence could not be gathered: " + e);
      }
      results.add(PolicyEvaluator.evaluate(policy, requested, found, clock.instant()));
    }
    return ImageDecision.of(image, digest, results);
  }
}
