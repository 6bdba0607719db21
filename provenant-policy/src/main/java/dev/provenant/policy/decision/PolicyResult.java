package dev.provenant.policy.decision;

import dev.provenant.policy.Mode;
import java.util.List;
import java.util.Objects;

/**
 * What one policy said about one image: every rule it applied, or the exclusion that spared the
 * image.
 *
 * @param excludedBy the exclude entry that matched ({@code exclude.registries: mirror.internal}),
 *     or null when the image was evaluated
 */
public record PolicyResult(String policy, Mode mode, String excludedBy, List<RuleResult> rules) {
  public PolicyResult {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(mode, "mode");
    rules = List.copyOf(rules);
  }

  public static PolicyResult excluded(String policy, Mode mode, String entry) {
    return new PolicyResult(policy, mode, entry, List.of());
  }

  public boolean excluded() {
    return excludedBy != null;
  }

  /** Whether every rule passed (an excluded image passes). */
  public boolean passed() {
    return rules.stream().allMatch(RuleResult::passed);
  }

  public List<RuleResult> failures() {
    return rules.stream().filter(r -> !r.passed()).toList();
  }
}
