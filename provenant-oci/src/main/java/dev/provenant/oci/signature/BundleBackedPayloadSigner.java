package dev.provenant.oci.signature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleSigner;
import dev.provenant.core.bundle.BundleSigningException;
import dev.provenant.core.bundle.SigningMaterial;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.keys.SignatureVerifier;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes legacy signatures with a Sigstore signer (keyless through Fulcio, and/or logged in Rekor)
 * and writes its evidence the way cosign v2 does: the message signature over the payload, the
 * signing certificate in {@code dev.sigstore.cosign/certificate}, the RFC 3161 timestamp in {@code
 * dev.sigstore.cosign/rfc3161timestamp}, and the Rekor entry as {@code dev.sigstore.cosign/bundle}
 * ({@code {"SignedEntryTimestamp", "Payload": {"body", "integratedTime", "logIndex", "logID"}}}).
 *
 * @see <a href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md">cosign
 *     SIGNATURE_SPEC</a>
 */
public final class BundleBackedPayloadSigner implements LegacyPayloadSigner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BundleSigner signer;
  private final PublicKey managedKey;

  /**
   * @param managedKey the signing key's public half for a keyed signer (to recognise its earlier
   *     signatures), or null for a keyless one
   */
  public BundleBackedPayloadSigner(BundleSigner signer, PublicKey managedKey) {
    this.signer = signer;
    this.managedKey = managedKey;
  }

  @Override
  public SignedPayload sign(byte[] payload) throws BundleSigningException {
    Bundle bundle = signer.signArtifact(payload);
    // The bundle's timestamp is over the message signature bytes, what cosign timestamps for a
    // .sig layer: it is carried over as it is.
    return new SignedPayload(
        bundle.messageSignature().signature(),
        evidence(bundle, bundle.rfc3161Timestamps().stream().findFirst().orElse(null)));
  }

  /**
   * The layer annotations cosign v2 writes for a bundle's evidence: the signing certificate when
   * keyless, the RFC 3161 timestamp when given, and the Rekor entry when logged.
   *
   * @param timestamp a DER {@code TimeStampResp} over what the layer's verifier timestamps, or null
   */
  static Map<String, String> evidence(Bundle bundle, byte[] timestamp)
      throws BundleSigningException {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (bundle.signingMaterial() instanceof SigningMaterial.CertificateChain chain) {
      try {
        annotations.put(
            LegacySignature.CERTIFICATE_ANNOTATION,
            "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(chain.leaf().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
      } catch (CertificateEncodingException e) {
        throw new BundleSigningException("the signing certificate cannot be encoded", false, e);
      }
    }
    if (timestamp != null) {
      annotations.put(
          LegacySignature.RFC3161_TIMESTAMP_ANNOTATION, LegacyTimestamp.annotation(timestamp));
    }
    for (TlogEntry entry : bundle.tlogEntries()) {
      if (entry.set().isPresent()) {
        annotations.put(LegacySignature.BUNDLE_ANNOTATION, rekorBundle(entry));
        break;
      }
    }
    return annotations;
  }

  @Override
  public boolean madeBefore(byte[] payload, byte[] signature) {
    return managedKey != null && SignatureVerifier.verify(managedKey, payload, signature);
  }

  private static String rekorBundle(TlogEntry entry) {
    ObjectNode root = JSON.createObjectNode();
    root.put("SignedEntryTimestamp", Base64.getEncoder().encodeToString(entry.set().orElseThrow()));
    ObjectNode payload = root.putObject("Payload");
    payload.put("body", Base64.getEncoder().encodeToString(entry.canonicalizedBody()));
    payload.put("integratedTime", entry.integratedTime());
    payload.put("logIndex", entry.logIndex());
    payload.put("logID", HexFormat.of().formatHex(entry.logId()));
    return root.toString();
  }
}
