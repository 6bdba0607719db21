package dev.provenant.oci.signature;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import java.util.Objects;

/**
 * What {@link LegacySigner#sign} did.
 *
 * @param signatureTag where the signature is: {@code registry/repository:sha256-<hex>.sig}
 * @param signatureManifest the digest of the {@code .sig} manifest the tag now points to
 * @param payloadDigest the digest of the signed payload (the layer digest)
 * @param layer the signature's layer in the manifest, from 1
 * @param appended false when an identical signature was already there and nothing was pushed
 */
public record LegacySignResult(
    ImageReference signatureTag,
    Digest signatureManifest,
    Digest payloadDigest,
    int layer,
    boolean appended) {
  public LegacySignResult {
    Objects.requireNonNull(signatureTag, "signatureTag");
    Objects.requireNonNull(signatureManifest, "signatureManifest");
    Objects.requireNonNull(payloadDigest, "payloadDigest");
  }
}
