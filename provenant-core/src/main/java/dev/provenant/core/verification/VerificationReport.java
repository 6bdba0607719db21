package dev.provenant.core.verification;

import java.util.List;
import java.util.Objects;

/**
 * Every signature found for one artifact with its verdict. The artifact is verified when at least
 * one signature is accepted; an artifact with no signatures is not verified (fail closed).
 *
 * @param subject what was verified: the resolved image reference with its digest, or a file name
 *     with its digest
 */
public record VerificationReport(String subject, List<SignatureVerdict> verdicts) {
  public VerificationReport {
    Objects.requireNonNull(subject, "subject");
    verdicts = List.copyOf(verdicts);
  }

  /** Whether at least one signature was accepted. */
  public boolean verified() {
    return verdicts.stream().anyMatch(SignatureVerdict::accepted);
  }
}
