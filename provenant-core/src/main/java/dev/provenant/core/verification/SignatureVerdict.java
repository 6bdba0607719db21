package dev.provenant.core.verification;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one signature (or attestation) found for an artifact: where it was found, who it
 * claims to come from, and every check made, in order. It is accepted only when every check passed;
 * the first failed check is the reason it was not.
 *
 * @param source where the signature was found, in words a user can look up: {@code "tag
 *     sha256-ab….sig, layer 2"}, {@code "referrer sha256:cd… (bundle v0.3)"}, {@code "bundle file
 *     out.sigstore.json"}
 */
public record SignatureVerdict(String source, Signer signer, List<Check> checks) {
  public SignatureVerdict {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(signer, "signer");
    checks = List.copyOf(checks);
    if (checks.isEmpty()) {
      throw new IllegalArgumentException("a verdict needs at least one check");
    }
  }

  /** Whether every check passed. */
  public boolean accepted() {
    return checks.stream().allMatch(Check::passed);
  }

  /** The first check that failed, which is why the signature was not accepted. */
  public Optional<Check> firstFailure() {
    return checks.stream().filter(c -> !c.passed()).findFirst();
  }

  /** One line: {@code accepted} or {@code rejected: <detail of the first failure>}. */
  public String summary() {
    return firstFailure().map(c -> "rejected: " + c.detail()).orElse("accepted");
  }
}
