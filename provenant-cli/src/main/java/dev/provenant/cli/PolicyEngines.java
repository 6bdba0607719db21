package dev.provenant.cli;

import dev.provenant.policy.PolicySet;
import dev.provenant.policy.engine.PolicyEngine;
import dev.provenant.policy.engine.RegistryClients;
import java.time.Clock;
import java.util.Set;

/** The policy engine a verb runs: its registry flags, and the trusted root it was given. */
final class PolicyEngines {
  private PolicyEngines() {}

  /**
   * @param trustedRoot {@code --trusted-root}: a file, {@code public-good}, or null for none
   */
  static PolicyEngine open(PolicySet policies, RegistryClients clients, String trustedRoot)
      throws CommandFailure {
    return new PolicyEngine(policies, clients, TrustRoots.load(trustedRoot), Clock.systemUTC());
  }

  /**
   * Clients for every registry the decisions touch. Credentials from flags or variables go only to
   * the registries of the images the user named; any other registry gets what the Docker
   * configuration holds for it, as everywhere else in Provenant.
   */
  static RegistryClients clients(RegistryFlags registryFlags, Set<String> namedRegistries) {
    return new RegistryClients(
        registry -> registryFlags.toOptions(namedRegistries.contains(registry) ? registry : null));
  }
}
