package dev.provenant.policy.decision;

import java.util.List;
import java.util.Objects;

/**
 * One rule of one policy applied to one image.
 *
 * @param rule a stable name: {@code authorities}, {@code provenance.repository}, {@code attestation
 *     https://cyclonedx.org/bom}, {@code denyMutableTags}, {@code evidence}…
 * @param expected what the policy asked for, in words
 * @param found what the evidence showed, in words
 * @param evidence what was looked at: digests, signature sources and identities
 * @param remedy what to do about a failure, or null when it passed or there is nothing to add
 */
public record RuleResult(
    String rule,
    boolean passed,
    String expected,
    String found,
    List<String> evidence,
    String remedy) {
  public RuleResult {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(found, "found");
    evidence = List.copyOf(evidence);
  }

  public static RuleResult pass(String rule, String expected, String found, List<String> evidence) {
    return new RuleResult(rule, true, expected, found, evidence, null);
  }

  public static RuleResult fail(
      String rule, String expected, String found, List<String> evidence, String remedy) {
    return new RuleResult(rule, false, expected, found, evidence, remedy);
  }
}
