package dev.provenant.core.bundle;

import dev.provenant.core.dsse.Envelope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Sigstore bundle: a signature (over the artifact, or a DSSE envelope) with everything needed to
 * verify it offline — the signer's certificate or key hint, transparency log entries and RFC 3161
 * timestamps. Read with {@link BundleParser}, written with {@link BundleWriter}, verified with
 * {@link BundleVerifier}.
 *
 * @param rfc3161Timestamps DER RFC 3161 timestamps over the signature bytes
 * @see <a
 *     href="https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto">protobuf-specs
 *     sigstore_bundle.proto</a>
 */
public record Bundle(
    BundleMediaType mediaType,
    SigningMaterial signingMaterial,
    List<TlogEntry> tlogEntries,
    List<byte[]> rfc3161Timestamps,
    MessageSignature messageSignature,
    Envelope dsseEnvelope) {
  public Bundle {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(signingMaterial, "signingMaterial");
    tlogEntries = List.copyOf(tlogEntries);
    rfc3161Timestamps = List.copyOf(rfc3161Timestamps);
    if ((messageSignature == null) == (dsseEnvelope == null)) {
      throw new IllegalArgumentException(
          "a bundle holds exactly one of a message signature and a DSSE envelope");
    }
  }

  public Optional<MessageSignature> message() {
    return Optional.ofNullable(messageSignature);
  }

  public Optional<Envelope> dsse() {
    return Optional.ofNullable(dsseEnvelope);
  }

  /**
   * The signature bytes: the message signature, or the DSSE envelope's only signature. RFC 3161
   * timestamps in the bundle are over these bytes.
   */
  public byte[] signatureBytes() {
    return messageSignature != null
        ? messageSignature.signature()
        : dsseEnvelope.signatures().getFirst().sig();
  }
}
