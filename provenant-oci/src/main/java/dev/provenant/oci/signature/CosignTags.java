package dev.provenant.oci.signature;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import java.util.Objects;

/**
 * Where cosign's tag scheme keeps what it attaches to an image: the tag {@code
 * <algorithm>-<hex>.sig} (signatures), {@code .att} (attestations) or {@code .sbom} (SBOMs) for the
 * image's manifest digest, in the image's own repository or in the one {@code COSIGN_REPOSITORY}
 * names.
 *
 * @see <a
 *     href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md#tag-based-discovery">cosign
 *     SIGNATURE_SPEC, tag-based discovery</a>
 */
public final class CosignTags {
  private CosignTags() {}

  /** {@code sha256-<hex>.sig}. */
  public static String signatureTag(Digest digest) {
    return tag(digest, "sig");
  }

  /** {@code sha256-<hex>.att}. */
  public static String attestationTag(Digest digest) {
    return tag(digest, "att");
  }

  /** {@code sha256-<hex>.sbom}. */
  public static String sbomTag(Digest digest) {
    return tag(digest, "sbom");
  }

  /**
   * The signature tag of {@code digest} as a full reference: in {@code image}'s repository, or in
   * {@code cosignRepository} when it is given.
   *
   * @param cosignRepository what {@code COSIGN_REPOSITORY} holds, a repository written as cosign
   *     takes it ({@code registry.example/team/signatures}, Docker Hub names normalised), with no
   *     tag or digest; null or blank for the image's own repository
   * @throws InvalidReferenceException when {@code cosignRepository} is not a repository name
   */
  public static ImageReference signatureReference(
      ImageReference image, Digest digest, String cosignRepository)
      throws InvalidReferenceException {
    return inRepository(image, signatureTag(digest), cosignRepository);
  }

  /** Like {@link #signatureReference} for the attestation tag. */
  public static ImageReference attestationReference(
      ImageReference image, Digest digest, String cosignRepository)
      throws InvalidReferenceException {
    return inRepository(image, attestationTag(digest), cosignRepository);
  }

  private static ImageReference inRepository(
      ImageReference image, String tag, String cosignRepository) throws InvalidReferenceException {
    Objects.requireNonNull(image, "image");
    if (cosignRepository == null || cosignRepository.isBlank()) {
      return image.withTag(tag);
    }
    String repository = cosignRepository.strip();
    if (repository.indexOf('@') >= 0) {
      throw new InvalidReferenceException(
          repository, "COSIGN_REPOSITORY names a repository, not an image: remove the digest");
    }
    try {
      // Appending the tag makes a repository that already carries one fail the grammar.
      return ImageReference.parse(repository + ":" + tag);
    } catch (InvalidReferenceException e) {
      throw new InvalidReferenceException(
          repository,
          "COSIGN_REPOSITORY must be a repository such as registry.example/team/signatures, with"
              + " no tag or digest ("
              + e.getMessage()
              + ")");
    }
  }

  private static String tag(Digest digest, String suffix) {
    Objects.requireNonNull(digest, "digest");
    return digest.algorithm().label() + "-" + digest.hex() + "." + suffix;
  }
}
