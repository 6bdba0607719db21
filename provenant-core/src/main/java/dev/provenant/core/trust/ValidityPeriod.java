package dev.provenant.core.trust;

import java.time.Instant;
import java.util.Objects;

/**
 * When a trusted key or certificate authority may be relied on: a closed interval {@code [start,
 * end]}; an absent end means "still valid". The protobuf-specs {@code TimeRange} is closed at both
 * ends, so a time exactly equal to {@code end} is inside (sigstore-conformance pins this with the
 * {@code trust-root-*-validity-end-inclusive} cases).
 */
public record ValidityPeriod(Instant start, Instant end) {
  public ValidityPeriod {
    Objects.requireNonNull(start, "start");
  }

  public boolean contains(Instant time) {
    return !time.isBefore(start) && (end == null || !time.isAfter(end));
  }

  @Override
  public String toString() {
    return "[" + start + ", " + (end == null ? "open" : end.toString()) + "]";
  }
}
