package dev.provenant.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.bundle.BundleParseException.Reason;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestAlgorithm;
import dev.provenant.core.dsse.Envelope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Sigstore bundle from its protobuf-JSON form, strictly: every byte field must be valid
 * base64, indexes must not be negative, the shape must match the media type's version. Nothing is
 * verified here; that is {@link BundleVerifier}'s job.
 */
public final class BundleParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Bundles are small (kilobytes); anything far larger is not one. */
  static final int MAX_BYTES = 16 * 1024 * 1024;

  private BundleParser() {}

  public static Bundle parse(byte[] json) throws BundleParseException {
    if (json.length > MAX_BYTES) {
      throw new BundleParseException(
          Reason.INVALID_FIELD, "the bundle is " + json.length + " bytes; the limit is 16 MiB");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BundleParseException(
          Reason.MALFORMED_JSON, "the bundle is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BundleParseException(Reason.MALFORMED_JSON, "the bundle cannot be read", e);
    }
    if (root == null || !root.isObject()) {
      throw new BundleParseException(Reason.MALFORMED_JSON, "the bundle is not a JSON object");
    }
    String mediaTypeText = root.path("mediaType").asText("");
    if (mediaTypeText.isEmpty()) {
      throw new BundleParseException(Reason.MISSING_FIELD, "the bundle has no mediaType");
    }
    BundleMediaType mediaType =
        BundleMediaType.of(mediaTypeText)
            .orElseThrow(
                () ->
                    new BundleParseException(
                        Reason.UNKNOWN_MEDIA_TYPE,
                        "unknown bundle media type '"
                            + mediaTypeText
                            + "': Provenant reads Sigstore bundles v0.1, v0.2 and v0.3"));
    JsonNode material = required(root, "verificationMaterial");
    SigningMaterial signingMaterial = signingMaterial(material, mediaType);
    List<TlogEntry> entries = new ArrayList<>();
    int i = 0;
    for (JsonNode entry : material.path("tlogEntries")) {
      entries.add(tlogEntry(entry, "verificationMaterial.tlogEntries[" + i++ + "]"));
    }
    List<byte[]> timestamps = new ArrayList<>();
    for (JsonNode ts : material.path("timestampVerificationData").path("rfc3161Timestamps")) {
      timestamps.add(base64(ts.path("signedTimestamp"), "rfc3161Timestamps[].signedTimestamp"));
    }
    MessageSignature messageSignature = null;
    Envelope envelope = null;
    if (root.has("messageSignature")) {
      messageSignature = messageSignature(root.path("messageSignature"));
    } else if (root.has("dsseEnvelope")) {
      envelope = envelope(root.path("dsseEnvelope"));
    } else {
      throw new BundleParseException(
          Reason.MISSING_FIELD, "the bundle has neither a messageSignature nor a dsseEnvelope");
    }
    return new Bundle(mediaType, signingMaterial, entries, timestamps, messageSignature, envelope);
  }

  private static SigningMaterial signingMaterial(JsonNode material, BundleMediaType mediaType)
      throws BundleParseException {
    if (material.has("publicKey")) {
      return new SigningMaterial.PublicKeyHint(material.path("publicKey").path("hint").asText(""));
    }
    if (material.has("certificate")) {
      return SigningMaterial.CertificateChain.of(
          certificate(material.path("certificate"), "verificationMaterial.certificate"));
    }
    if (material.has("x509CertificateChain")) {
      List<X509Certificate> chain = new ArrayList<>();
      for (JsonNode cert : material.path("x509CertificateChain").path("certificates")) {
        chain.add(certificate(cert, "verificationMaterial.x509CertificateChain.certificates[]"));
      }
      if (chain.isEmpty()) {
        throw new BundleParseException(
            Reason.MISSING_FIELD, "the bundle's x509CertificateChain holds no certificate");
      }
      return new SigningMaterial.CertificateChain(chain);
    }
    throw new BundleParseException(
        Reason.MISSING_FIELD,
        "the bundle's verificationMaterial has no publicKey, certificate or x509CertificateChain");
  }

  private static TlogEntry tlogEntry(JsonNode node, String where) throws BundleParseException {
    long logIndex = int64(node.path("logIndex"), where + ".logIndex");
    byte[] logId = base64(node.path("logId").path("keyId"), where + ".logId.keyId");
    JsonNode kindVersion = required(node, "kindVersion");
    String kind = kindVersion.path("kind").asText("");
    String version = kindVersion.path("version").asText("");
    if (kind.isEmpty() || version.isEmpty()) {
      throw new BundleParseException(Reason.MISSING_FIELD, where + ".kindVersion is incomplete");
    }
    long integratedTime =
        node.has("integratedTime")
            ? int64(node.path("integratedTime"), where + ".integratedTime")
            : 0;
    byte[] set = null;
    if (node.has("inclusionPromise")) {
      set =
          base64(
              node.path("inclusionPromise").path("signedEntryTimestamp"),
              where + ".inclusionPromise.signedEntryTimestamp");
    }
    InclusionProof proof = null;
    if (node.has("inclusionProof")) {
      JsonNode p = node.path("inclusionProof");
      List<byte[]> hashes = new ArrayList<>();
      for (JsonNode h : p.path("hashes")) {
        hashes.add(base64(h, where + ".inclusionProof.hashes[]"));
      }
      String checkpoint =
          p.path("checkpoint").hasNonNull("envelope")
              ? p.path("checkpoint").path("envelope").asText()
              : null;
      proof =
          new InclusionProof(
              int64(p.path("logIndex"), where + ".inclusionProof.logIndex"),
              base64(p.path("rootHash"), where + ".inclusionProof.rootHash"),
              int64(p.path("treeSize"), where + ".inclusionProof.treeSize"),
              hashes,
              checkpoint);
    }
    byte[] body = base64(node.path("canonicalizedBody"), where + ".canonicalizedBody");
    return new TlogEntry(logIndex, logId, kind, version, integratedTime, set, proof, body);
  }

  private static MessageSignature messageSignature(JsonNode node) throws BundleParseException {
    Digest digest = null;
    JsonNode md = node.path("messageDigest");
    if (md.isObject()) {
      String algorithm = md.path("algorithm").asText("");
      byte[] value = base64(md.path("digest"), "messageSignature.messageDigest.digest");
      DigestAlgorithm alg =
          switch (algorithm) {
            case "SHA2_256" -> DigestAlgorithm.SHA256;
            case "SHA2_512" -> DigestAlgorithm.SHA512;
            default ->
                throw new BundleParseException(
                    Reason.INVALID_FIELD,
                    "messageSignature.messageDigest.algorithm '"
                        + algorithm
                        + "' is not supported");
          };
      try {
        digest = Digest.of(alg, value);
      } catch (IllegalArgumentException e) {
        throw new BundleParseException(
            Reason.INVALID_FIELD, "messageSignature.messageDigest: " + e.getMessage(), e);
      }
    }
    return new MessageSignature(
        digest, base64(node.path("signature"), "messageSignature.signature"));
  }

  private static Envelope envelope(JsonNode node) throws BundleParseException {
    String payloadType = node.path("payloadType").asText("");
    if (payloadType.isEmpty()) {
      throw new BundleParseException(Reason.MISSING_FIELD, "dsseEnvelope.payloadType is missing");
    }
    byte[] payload = base64(node.path("payload"), "dsseEnvelope.payload");
    List<Envelope.Signature> signatures = new ArrayList<>();
    for (JsonNode s : node.path("signatures")) {
      signatures.add(
          new Envelope.Signature(
              base64(s.path("sig"), "dsseEnvelope.signatures[].sig"), s.path("keyid").asText("")));
    }
    if (signatures.size() != 1) {
      throw new BundleParseException(
          Reason.INVALID_FIELD,
          "a bundle's DSSE envelope must hold exactly one signature; it holds "
              + signatures.size());
    }
    return new Envelope(payloadType, payload, signatures);
  }

  private static X509Certificate certificate(JsonNode node, String where)
      throws BundleParseException {
    byte[] der = base64(node.path("rawBytes"), where + ".rawBytes");
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new BundleParseException(
          Reason.INVALID_FIELD, where + " is not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  private static JsonNode required(JsonNode node, String field) throws BundleParseException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new BundleParseException(Reason.MISSING_FIELD, "the bundle has no " + field);
    }
    return value;
  }

  /** protobuf-JSON writes int64 as a string; a number is accepted too. */
  private static long int64(JsonNode node, String where) throws BundleParseException {
    long value;
    if (node.isIntegralNumber()) {
      value = node.asLong();
    } else if (node.isTextual()) {
      try {
        value = Long.parseLong(node.asText());
      } catch (NumberFormatException e) {
        throw new BundleParseException(
            Reason.INVALID_FIELD, where + " '" + node.asText() + "' is not an integer", e);
      }
    } else if (node.isMissingNode() || node.isNull()) {
      // protobuf-JSON omits zero values.
      return 0;
    } else {
      throw new BundleParseException(Reason.INVALID_FIELD, where + " is not an integer");
    }
    if (value < 0) {
      throw new BundleParseException(Reason.INVALID_FIELD, where + " is negative (" + value + ")");
    }
    return value;
  }

  private static byte[] base64(JsonNode node, String where) throws BundleParseException {
    if (!node.isTextual()) {
      throw new BundleParseException(Reason.MISSING_FIELD, where + " is missing");
    }
    try {
      return ProtoBase64.decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw new BundleParseException(Reason.INVALID_FIELD, where + " is not valid base64", e);
    }
  }
}
