package dev.provenant.core.provenance;

import java.time.Instant;

/**
 * When a build ran and how the build platform names the run; every part is optional in the spec.
 *
 * @see <a href="https://slsa.dev/spec/v1.0/provenance#buildmetadata">SLSA v1 provenance,
 *     BuildMetadata</a>
 */
public record BuildMetadata(String invocationId, Instant startedOn, Instant finishedOn) {

  /** Refuses a finish before the start, which no clock of a real run produces. */
  public BuildMetadata {
    if (startedOn != null && finishedOn != null && finishedOn.isBefore(startedOn)) {
      throw new IllegalArgumentException(
          "finishedOn " + finishedOn + " is before startedOn " + startedOn);
    }
  }
}
