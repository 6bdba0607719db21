package dev.provenant.policy.engine;

import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.evaluation.ImageEvidence;
import java.time.Clock;

/** Gathers an image's signatures and attestations, verified against each policy authority. */
final class EvidenceCollector {
  private final RegistryClients registries;
  private final TrustedRoot trustedRoot;
  private final Clock clock;

  EvidenceCollector(RegistryClients registries, TrustedRoot trustedRoot, Clock clock) {
    this.registries = registries;
    this.trustedRoot = trustedRoot;
    this.clock = clock;
  }

  ImageEvidence collect(ImagePolicy policy, ImageReference pinned) {
    throw new UnsupportedOperationException("in progress");
  }
}
