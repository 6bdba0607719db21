package dev.provenant.policy.decision;

import dev.provenant.core.digest.Digest;
import dev.provenant.policy.Mode;
import dev.provenant.policy.UnmatchedImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision on one image: the outcome, one line saying why, and each policy's rules.
 *
 * @param image the image as it was asked about
 * @param digest the manifest digest it resolved to, or null when it could not be resolved
 * @param reason one line a developer can act on: which policy and rule failed and what was found,
 *     or why the image was allowed
 */
public record ImageDecision(
    String image, Digest digest, Outcome outcome, String reason, List<PolicyResult> policies) {
  public ImageDecision {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    policies = List.copyOf(policies);
  }

  public boolean allowed() {
    return outcome.allowed();
  }

  public Optional<Digest> optionalDigest() {
    return Optional.ofNullable(digest);
  }

  /**
   * Combines the results of every policy that matched: denied when an enforcing policy failed,
   * warned when only warn-mode policies failed, allowed otherwise.
   */
  public static ImageDecision of(String image, Digest digest, List<PolicyResult> results) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("give at least one policy result");
    }
    List<PolicyResult> enforcingFailures =
        results.stream().filter(r -> !r.passed() && r.mode() == Mode.ENFORCE).toList();
    List<PolicyResult> warnings =
        results.stream().filter(r -> !r.passed() && r.mode() == Mode.WARN).toList();
    if (!enforcingFailures.isEmpty()) {
      return new ImageDecision(
          image, digest, Outcome.DENIED, describe("denied", enforcingFailures), results);
    }
    if (!warnings.isEmpty()) {
      return new ImageDecision(
          image, digest, Outcome.WARNED, describe("allowed in warn mode", warnings), results);
    }
    List<String> excluded =
        results.stream()
            .filter(PolicyResult::excluded)
            .map(r -> "policy " + r.policy() + " excludes it (" + r.excludedBy() + ")")
            .toList();
    if (excluded.size() == results.size()) {
      return new ImageDecision(
          image, digest, Outcome.ALLOWED, "allowed: " + String.join("; ", excluded), results);
    }
    List<String> names =
        results.stream().filter(r -> !r.excluded()).map(PolicyResult::policy).toList();
    return new ImageDecision(
        image,
        digest,
        Outcome.ALLOWED,
        "allowed: every rule of "
            + (names.size() == 1 ? "policy " : "policies ")
            + String.join(", ", names)
            + " passed",
        results);
  }

  /** The decision on an image no policy matched. */
  public static ImageDecision unmatched(String image, Digest digest, UnmatchedImages setting) {
    return setting == UnmatchedImages.ALLOW
        ? new ImageDecision(
            image,
            digest,
            Outcome.ALLOWED,
            "allowed: no policy matches it and unmatchedImages is allow",
            List.of())
        : new ImageDecision(
            image,
            digest,
            Outcome.DENIED,
            "denied: no policy matches this image and unmatched images are denied; add it to a"
                + " policy's match.images (or set unmatchedImages: allow in PolicySettings)",
            List.of());
  }

  /** A decision that could not be reached properly: denied, never allowed (fail closed). */
  public static ImageDecision failed(String image, Digest digest, String why) {
    return new ImageDecision(image, digest, Outcome.DENIED, "denied: " + why, List.of());
  }

  /** The failures of warn-mode policies, one line each, for admission warnings. */
  public List<String> warnings() {
    List<String> lines = new ArrayList<>();
    for (PolicyResult result : policies) {
      if (result.mode() == Mode.WARN) {
        for (RuleResult rule : result.failures()) {
          lines.add(image + ": policy " + result.policy() + " (warn): " + line(rule));
        }
      }
    }
    return lines;
  }

  private static String describe(String verb, List<PolicyResult> failed) {
    StringBuilder text = new StringBuilder(verb).append(": ");
    for (int i = 0; i < failed.size(); i++) {
      PolicyResult result = failed.get(i);
      if (i > 0) {
        text.append("; ");
      }
      text.append("policy ").append(result.policy()).append(": ");
      List<RuleResult> failures = result.failures();
      for (int j = 0; j < failures.size(); j++) {
        if (j > 0) {
          text.append("; ");
        }
        text.append(line(failures.get(j)));
      }
    }
    return text.toString();
  }

  /** {@code rule: expected X, found Y (remedy)}. */
  static String line(RuleResult rule) {
    return rule.rule()
        + ": expected "
        + rule.expected()
        + ", found "
        + rule.found()
        + (rule.remedy() == null ? "" : " (" + rule.remedy() + ")");
  }
}
