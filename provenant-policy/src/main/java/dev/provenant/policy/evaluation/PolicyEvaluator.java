package dev.provenant.policy.evaluation;

import dev.provenant.core.reference.ImageReference;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.decision.PolicyResult;
import dev.provenant.policy.engine.PolicyEngine;
import java.time.Instant;

/** Applies one policy's rules to an image's evidence. Pure: no network, no clock of its own. */
public final class PolicyEvaluator {
  private PolicyEvaluator() {}

  public static PolicyResult evaluate(
      ImagePolicy policy, ImageReference requested, ImageEvidence evidence, Instant now) {
    throw new UnsupportedOperationException("in progress");
  }

  public static ImageDecision unresolved(
      String image, ImageReference requested, PolicyEngine.Selection selection, String why) {
    throw new UnsupportedOperationException("in progress");
  }
}
