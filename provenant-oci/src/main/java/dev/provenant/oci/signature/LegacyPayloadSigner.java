package dev.provenant.oci.signature;

import dev.provenant.core.bundle.BundleSigningException;
import dev.provenant.core.keys.SignatureVerifier;
import dev.provenant.core.keys.SigningKey;
import java.util.Base64;
import java.util.Map;

/**
 * Signs a legacy signature payload: the signature, and the layer annotations that go with it (the
 * certificate of a keyless signature, the Rekor bundle of a logged one).
 */
public interface LegacyPayloadSigner {

  /** A signature and the annotations its layer carries besides the signature annotation. */
  record SignedPayload(byte[] signature, Map<String, String> annotations) {
    public SignedPayload {
      annotations = Map.copyOf(annotations);
    }
  }

  /** Signs {@code payload}. */
  SignedPayload sign(byte[] payload) throws BundleSigningException;

  /**
   * Whether an existing layer over the same payload, carrying {@code signature}, is one this signer
   * made, so that signing again would only duplicate it (cosign's duplicate detector). A keyless
   * signer never repeats itself: each signature has its own certificate.
   */
  boolean madeBefore(byte[] payload, byte[] signature);

  /** Signs with {@code key} alone: no certificate, no log entry. */
  static LegacyPayloadSigner of(SigningKey key) {
    return new LegacyPayloadSigner() {
      @Override
      public SignedPayload sign(byte[] payload) {
        return new SignedPayload(key.sign(payload), Map.of());
      }

      @Override
      public boolean madeBefore(byte[] payload, byte[] signature) {
        return SignatureVerifier.verify(key.publicKey(), payload, signature);
      }
    };
  }

  /** The base64 form the signature annotation holds. */
  static String base64(byte[] signature) {
    return Base64.getEncoder().encodeToString(signature);
  }
}
