package dev.provenant.server.policies;

import dev.provenant.policy.PolicySet;
import dev.provenant.policy.engine.PolicyEngine;
import java.time.Instant;

/** The policy set in force, the engine deciding with it, and when it was loaded. */
public record LoadedPolicies(PolicySet policies, PolicyEngine engine, Instant loadedAt) {
  public String revision() {
    return policies.revision();
  }
}
