package dev.provenant.core.verification;

import java.time.Instant;

/** Combines verified signing times into the one a {@link SignatureVerdict} carries. */
public final class SigningTimes {
  private SigningTimes() {}

  /**
   * The earlier of two verified times, either of which may be null (not established). The earliest
   * wins because each proves the signature existed by then: a later log entry or timestamp adds
   * nothing to what an earlier one already proves.
   */
  public static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isBefore(b) ? a : b;
  }
}
