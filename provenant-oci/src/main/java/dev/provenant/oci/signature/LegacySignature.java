package dev.provenant.oci.signature;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.oci.image.Descriptor;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One signature read from a cosign {@code .sig} manifest: the layer that holds it, its annotations
 * (signature, and for keyless signatures certificate, chain, Rekor bundle, RFC 3161 timestamp) and
 * the payload blob it signs, or why that blob could not be had.
 *
 * <p>Nothing here has been verified except that the payload, when present, hashes to the layer's
 * digest: this is storage, {@link LegacyVerifier} decides.
 *
 * @param signatureTag the {@code .sig} tag the manifest was read from
 * @param layer the layer's position in the manifest, from 1 (as users count)
 * @param descriptor the layer descriptor: payload media type, digest and size, and annotations
 * @param payload the payload bytes, verified against the descriptor's digest; null when they could
 *     not be read ({@link #payloadProblem()} says why)
 * @param payloadProblem why the payload is missing; null when it is present
 * @see <a href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md">cosign
 *     SIGNATURE_SPEC</a>
 */
public record LegacySignature(
    ImageReference signatureTag,
    int layer,
    Descriptor descriptor,
    byte[] payload,
    String payloadProblem) {

  /** The layer annotation holding the base64 signature over the payload. */
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  /** The layer annotation holding the PEM signing certificate (keyless signatures). */
  public static final String CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate";

  /** The layer annotation holding the PEM certificate chain above the signing certificate. */
  public static final String CHAIN_ANNOTATION = "dev.sigstore.cosign/chain";

  /** The layer annotation holding the Rekor bundle JSON (SignedEntryTimestamp and payload). */
  public static final String BUNDLE_ANNOTATION = "dev.sigstore.cosign/bundle";

  /** The layer annotation holding an RFC 3161 timestamp JSON. */
  public static final String RFC3161_TIMESTAMP_ANNOTATION = "dev.sigstore.cosign/rfc3161timestamp";

  public LegacySignature {
    Objects.requireNonNull(signatureTag, "signatureTag");
    Objects.requireNonNull(descriptor, "descriptor");
    if ((payload == null) == (payloadProblem == null)) {
      throw new IllegalArgumentException("give either the payload or why it is missing");
    }
  }

  /** Where this signature was found, as verdicts name it: {@code tag sha256-….sig, layer 2}. */
  public String source() {
    return "tag " + signatureTag.tag() + ", layer " + layer;
  }

  /** The digest of the payload blob (the layer digest). */
  public Digest payloadDigest() {
    return descriptor.digest();
  }

  /** Every annotation of the layer. */
  public Map<String, String> annotations() {
    return descriptor.annotations();
  }

  /** The base64 signature, if the layer has one. */
  public Optional<String> base64Signature() {
    return annotation(SIGNATURE_ANNOTATION);
  }

  /** The PEM signing certificate, present on keyless signatures. */
  public Optional<String> certificatePem() {
    return annotation(CERTIFICATE_ANNOTATION);
  }

  /** The PEM certificate chain, present on some keyless signatures. */
  public Optional<String> chainPem() {
    return annotation(CHAIN_ANNOTATION);
  }

  /** The Rekor bundle JSON, present when the signature was logged in Rekor. */
  public Optional<String> rekorBundleJson() {
    return annotation(BUNDLE_ANNOTATION);
  }

  /** The RFC 3161 timestamp JSON, present when a timestamp authority countersigned. */
  public Optional<String> rfc3161TimestampJson() {
    return annotation(RFC3161_TIMESTAMP_ANNOTATION);
  }

  /** The payload bytes, when they could be read. */
  public Optional<byte[]> optionalPayload() {
    return Optional.ofNullable(payload);
  }

  private Optional<String> annotation(String key) {
    return Optional.ofNullable(descriptor.annotations().get(key));
  }
}
