package dev.provenant.core.verification;

import java.time.Instant;
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
 * @param signedAt when the signature is proven to have existed, by verified evidence only: the
 *     earliest transparency log integration time whose signed entry timestamp verified, or the
 *     earliest verified RFC 3161 timestamp; null when nothing proves it (a key signature made
 *     offline). Never an unverified claim such as an annotation or a statement's own dates.
 */
public record SignatureVerdict(String source, Signer signer, List<Check> checks, Instant signedAt) {
  public SignatureVerdict {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(signer, "signer");
    checks = List.copyOf(checks);
    if (checks.isEmpty()) {
      throw new IllegalArgumentException("a verdict needs at least one check");
    }
  }

  /** A verdict with no verified signing time. */
  public SignatureVerdict(String source, Signer signer, List<Check> checks) {
    this(source, signer, checks, null);
  }

  public Optional<Instant> optionalSignedAt() {
    return Optional.ofNullable(signedAt);
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
