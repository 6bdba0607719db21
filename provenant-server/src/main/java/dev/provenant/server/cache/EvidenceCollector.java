package dev.provenant.server.cache;

import dev.provenant.core.reference.ImageReference;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.engine.PolicyEngine;
import dev.provenant.policy.evaluation.ImageEvidence;

/**
 * Gathers the evidence of a pinned image under one policy: {@link PolicyEngine#collect} unless a
 * caller wraps it (to count collections, for instance).
 */
@FunctionalInterface
public interface EvidenceCollector {
  EvidenceCollector ENGINE = PolicyEngine::collect;

  ImageEvidence collect(PolicyEngine engine, ImagePolicy policy, ImageReference pinned);
}
