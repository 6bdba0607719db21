package dev.provenant.policy;

import dev.provenant.policy.evaluation.PredicateCondition;
import java.util.Objects;
import java.util.Optional;

/**
 * An attestation an image must carry, signed by one of the policy's authorities.
 *
 * @param type the predicate type URI (short names such as {@code cyclonedx} are expanded on load)
 * @param condition a CEL expression over {@code predicate} that must hold, or null
 */
public record AttestationRequirement(String type, PredicateCondition condition) {
  public AttestationRequirement {
    Objects.requireNonNull(type, "type");
  }

  public Optional<PredicateCondition> optionalCondition() {
    return Optional.ofNullable(condition);
  }
}
