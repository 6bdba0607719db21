package dev.provenant.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code kind: ImagePolicy} document: which images it governs and what they must show. See
 * {@code docs/policy.md}.
 *
 * @param authorities who must sign; null when the policy requires no signature (then it must
 *     require something else, such as {@code denyMutableTags})
 * @param maxAge the oldest accepted signature or attestation, by its verified signing time; null
 *     for no limit
 */
public record ImagePolicy(
    String name,
    PolicySource source,
    Mode mode,
    Match match,
    Exclude exclude,
    Authorities authorities,
    ProvenanceRequirements provenance,
    List<AttestationRequirement> attestations,
    boolean requireDigest,
    boolean denyMutableTags,
    Duration maxAge) {
  public ImagePolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(match, "match");
    exclude = exclude == null ? Exclude.NONE : exclude;
    provenance = provenance == null ? ProvenanceRequirements.NONE : provenance;
    attestations = List.copyOf(attestations);
  }

  public Optional<Authorities> optionalAuthorities() {
    return Optional.ofNullable(authorities);
  }

  public Optional<Duration> optionalMaxAge() {
    return Optional.ofNullable(maxAge);
  }
}
