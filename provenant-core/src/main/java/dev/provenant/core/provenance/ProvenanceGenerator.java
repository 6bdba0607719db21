package dev.provenant.core.provenance;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Builds the provenance statement for artifacts a CI run produced: the run's builder, build
 * definition and invocation id, with start and finish times from the caller, the CI or the clock.
 */
public final class ProvenanceGenerator {
  private final Clock clock;

  public ProvenanceGenerator(Clock clock) {
    this.clock = clock;
  }

  /**
   * The statement for {@code subjects} built by {@code ci}. A null {@code startedOn} is the CI's
   * job start time when it records one, else now; a null {@code finishedOn} is now. Times from the
   * clock are truncated to seconds so that two runs in the same second write the same bytes.
   */
  public ProvenanceStatement generate(
      CiEnvironment ci, List<ResourceDescriptor> subjects, Instant startedOn, Instant finishedOn) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant finished = finishedOn != null ? finishedOn : now;
    Instant started = startedOn != null ? startedOn : ci.startedOn().orElse(now);
    if (started.isAfter(finished) && startedOn == null) {
      // A CI start time from a runner whose clock is ahead of ours: do not write a finish before
      // the start, which the spec's timestamps forbid; the run took at most "no time" here.
      started = finished;
    }
    return new ProvenanceStatement(
        subjects,
        new Provenance(
            ci.buildDefinition(),
            new RunDetails(
                ci.builder(), new BuildMetadata(ci.invocationId(), started, finished), List.of())));
  }
}
