package dev.provenant.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.DigestAlgorithm;
import dev.provenant.core.dsse.Envelope;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Writes a {@link Bundle} in the protobuf-JSON form other Sigstore clients read (cosign,
 * sigstore-js, sigstore-python): int64 as strings, bytes as standard base64, fields in the order
 * the protobuf declares them. A v0.3 bundle carries its leaf certificate as {@code certificate};
 * v0.1 and v0.2 as {@code x509CertificateChain}.
 */
public final class BundleWriter {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Base64.Encoder B64 = Base64.getEncoder();

  private BundleWriter() {}

  /** The bundle as pretty-printed UTF-8 JSON. */
  public static byte[] write(Bundle bundle) {
    try {
      return MAPPER.writeValueAsString(toJson(bundle)).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** The bundle as a JSON tree. */
  public static ObjectNode toJson(Bundle bundle) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("mediaType", bundle.mediaType().value());
    ObjectNode material = root.putObject("verificationMaterial");
    switch (bundle.signingMaterial()) {
      case SigningMaterial.PublicKeyHint key ->
          material.putObject("publicKey").put("hint", key.hint());
      case SigningMaterial.CertificateChain chain -> {
        if (bundle.mediaType().isV03()) {
          material.putObject("certificate").put("rawBytes", der(chain.leaf()));
        } else {
          ArrayNode certs = material.putObject("x509CertificateChain").putArray("certificates");
          for (X509Certificate cert : chain.certificates()) {
            certs.addObject().put("rawBytes", der(cert));
          }
        }
      }
    }
    ArrayNode entries = material.putArray("tlogEntries");
    for (TlogEntry entry : bundle.tlogEntries()) {
      ObjectNode e = entries.addObject();
      e.put("logIndex", Long.toString(entry.logIndex()));
      e.putObject("logId").put("keyId", B64.encodeToString(entry.logId()));
      e.putObject("kindVersion").put("kind", entry.kind()).put("version", entry.version());
      if (entry.integratedTime() != 0) {
        e.put("integratedTime", Long.toString(entry.integratedTime()));
      }
      entry
          .set()
          .ifPresent(
              set ->
                  e.putObject("inclusionPromise")
                      .put("signedEntryTimestamp", B64.encodeToString(set)));
      entry
          .proof()
          .ifPresent(
              proof -> {
                ObjectNode p = e.putObject("inclusionProof");
                p.put("logIndex", Long.toString(proof.logIndex()));
                p.put("rootHash", B64.encodeToString(proof.rootHash()));
                p.put("treeSize", Long.toString(proof.treeSize()));
                ArrayNode hashes = p.putArray("hashes");
                proof.hashes().forEach(h -> hashes.add(B64.encodeToString(h)));
                if (proof.checkpoint() != null) {
                  p.putObject("checkpoint").put("envelope", proof.checkpoint());
                }
              });
      e.put("canonicalizedBody", B64.encodeToString(entry.canonicalizedBody()));
    }
    if (!bundle.rfc3161Timestamps().isEmpty()) {
      ArrayNode timestamps =
          material.putObject("timestampVerificationData").putArray("rfc3161Timestamps");
      bundle
          .rfc3161Timestamps()
          .forEach(t -> timestamps.addObject().put("signedTimestamp", B64.encodeToString(t)));
    }
    bundle
        .message()
        .ifPresent(
            message -> {
              ObjectNode m = root.putObject("messageSignature");
              if (message.messageDigest() != null) {
                m.putObject("messageDigest")
                    .put(
                        "algorithm",
                        message.messageDigest().algorithm() == DigestAlgorithm.SHA512
                            ? "SHA2_512"
                            : "SHA2_256")
                    .put("digest", B64.encodeToString(message.messageDigest().hashBytes()));
              }
              m.put("signature", B64.encodeToString(message.signature()));
            });
    bundle
        .dsse()
        .ifPresent(
            (Envelope envelope) -> {
              ObjectNode d = root.putObject("dsseEnvelope");
              d.put("payload", B64.encodeToString(envelope.payload()));
              d.put("payloadType", envelope.payloadType());
              ArrayNode signatures = d.putArray("signatures");
              for (Envelope.Signature s : envelope.signatures()) {
                ObjectNode sig = signatures.addObject().put("sig", B64.encodeToString(s.sig()));
                if (!s.keyId().isEmpty()) {
                  sig.put("keyid", s.keyId());
                }
              }
            });
    return root;
  }

  private static String der(X509Certificate certificate) {
    try {
      return B64.encodeToString(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate always re-encodes", e);
    }
  }
}
