package dev.provenant.policy.evaluation;

import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.oci.signature.VerifiedAttestation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What was found for one image under one policy's authorities: every signature and attestation
 * verdict, grouped by the authority it was checked against. It depends only on the image's digest
 * and the policy, so it can be cached and shared across requests for the same digest.
 *
 * @param image the image pinned to its manifest digest
 * @param signatures each authority's verdicts on every signature found (both storage schemes)
 * @param attestations each authority's verdicts on every attestation found
 * @param failure why the evidence could not be gathered (registry unreachable, timed out…), or
 *     null; a failure denies the image (fail closed) unless the policy only warns
 */
public record ImageEvidence(
    ImageReference image,
    Map<String, List<SignatureVerdict>> signatures,
    Map<String, List<VerifiedAttestation>> attestations,
    String failure) {
  public ImageEvidence {
    Objects.requireNonNull(image, "image");
    if (image.digest() == null) {
      throw new IllegalArgumentException("evidence is gathered for a pinned image: " + image);
    }
    signatures = Map.copyOf(signatures);
    attestations = Map.copyOf(attestations);
  }

  /** Evidence that could not be gathered, and why. */
  public static ImageEvidence failed(ImageReference image, String why) {
    return new ImageEvidence(image, Map.of(), Map.of(), why);
  }

  public Optional<String> optionalFailure() {
    return Optional.ofNullable(failure);
  }
}
