package dev.provenant.policy.evaluation;

import dev.provenant.core.verification.SignatureVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A policy's {@code maxAge} at the time of evaluation: an accepted signature or attestation counts
 * only when its verified signing time ({@link SignatureVerdict#signedAt()}) is no older than {@code
 * now - maxAge}. One without a verified time never counts, since its age cannot be known: a claimed
 * date (an annotation, a statement's own fields) is the signer's word, and a stolen key could
 * backdate or postdate it at will.
 */
final class AgeLimit {
  static final AgeLimit NONE = new AgeLimit(null, null);

  private final Duration maxAge;
  private final Instant oldestAllowed;

  private AgeLimit(Duration maxAge, Instant oldestAllowed) {
    this.maxAge = maxAge;
    this.oldestAllowed = oldestAllowed;
  }

  /** The limit {@code maxAge} sets at {@code now}; {@link #NONE} when it is null. */
  static AgeLimit of(Duration maxAge, Instant now) {
    Objects.requireNonNull(now, "now");
    return maxAge == null ? NONE : new AgeLimit(maxAge, now.minus(maxAge));
  }

  boolean limited() {
    return maxAge != null;
  }

  /** Whether an accepted verdict is recent enough to count. */
  boolean admits(SignatureVerdict verdict) {
    return maxAge == null
        || (verdict.signedAt() != null && !verdict.signedAt().isBefore(oldestAllowed));
  }

  /**
   * Why accepted verdicts that {@link #admits} none of do not count, in words: about the most
   * recently signed of them, the one nearest to counting.
   */
  String whyNotCounted(List<SignatureVerdict> verdicts) {
    return verdicts.stream()
        .filter(v -> v.signedAt() != null)
        .max(Comparator.comparing(SignatureVerdict::signedAt))
        .map(this::whyNotCounted)
        .orElse(NO_VERIFIED_TIME);
  }

  String whyNotCounted(SignatureVerdict verdict) {
    return verdict.signedAt() == null
        ? NO_VERIFIED_TIME
        : "signed " + verdict.signedAt() + ", older than maxAge " + text();
  }

  /** {@code maxAge} as the policy would write it: {@code 720h}, {@code 1h30m}, {@code 45s}. */
  String text() {
    if (maxAge == null) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    if (maxAge.toHours() > 0) {
      text.append(maxAge.toHours()).append('h');
    }
    if (maxAge.toMinutesPart() > 0) {
      text.append(maxAge.toMinutesPart()).append('m');
    }
    if (maxAge.toSecondsPart() > 0 || maxAge.toNanosPart() > 0) {
      text.append(maxAge.toSecondsPart());
      if (maxAge.toNanosPart() > 0) {
        text.append('.').append(String.format("%09d", maxAge.toNanosPart()).replaceAll("0+$", ""));
      }
      text.append('s');
    }
    return text.toString();
  }

  static final String NO_VERIFIED_TIME =
      "no verified signing time: maxAge needs a transparency log entry or an RFC 3161 timestamp";

  /** What to do when signatures did not count for their age. */
  String remedy() {
    return remedy("sign again");
  }

  /**
   * What to do when signatures or attestations did not count for their age.
   *
   * @param action what to do again: {@code sign again}, {@code attest again (provenant attest …)}
   */
  String remedy(String action) {
    return action
        + " within "
        + text()
        + ", with a transparency log or a timestamp server (--rekor-url, --timestamp-server-url):"
        + " a key signature made offline has no verified signing time and never satisfies maxAge";
  }
}
