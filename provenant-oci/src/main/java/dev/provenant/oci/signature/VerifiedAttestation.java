package dev.provenant.oci.signature;

import dev.provenant.core.verification.SignatureVerdict;
import java.util.Objects;

/**
 * The verdict on one attestation found with an image, with what it claims: its predicate type and
 * the in-toto statement it signs.
 *
 * @param predicateType the statement's predicate type, or null when the statement could not be read
 * @param statement the signed statement's JSON; null when it could not be read. Trust it only when
 *     the verdict is accepted.
 */
public record VerifiedAttestation(
    SignatureVerdict verdict, String predicateType, byte[] statement) {
  public VerifiedAttestation {
    Objects.requireNonNull(verdict, "verdict");
  }
}
