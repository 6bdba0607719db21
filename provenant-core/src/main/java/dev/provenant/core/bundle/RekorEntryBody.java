package dev.provenant.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * Checks that a transparency log entry body records this very signature: same signed content, same
 * signature bytes, same key or certificate. Without this, a valid log entry for some other
 * signature could vouch for this one (sigstore-conformance's {@code wrong-hashedrekord-*} and
 * {@code *-mismatch-*} cases).
 *
 * <p>Entry kinds: {@code hashedrekord} 0.0.1 (Rekor v1) and 0.0.2 (Rekor v2, which also logs DSSE
 * as {@code Hash(PAE(envelope))}), {@code dsse} 0.0.1 and {@code intoto} 0.0.2 (whose envelope
 * fields are base64 of base64). The DSSE kinds are checked for bundles and, through {@link
 * #dsseMismatch}, for the envelopes cosign stores as {@code .att} layers.
 *
 * @see <a href="https://github.com/sigstore/rekor/tree/main/pkg/types">Rekor v1 entry types</a>
 * @see <a href="https://github.com/sigstore/rekor-tiles/blob/main/api/proto/rekor/v2">Rekor v2
 *     entries</a>
 */
public final class RekorEntryBody {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RekorEntryBody() {}

  /**
   * The mismatch, in words, or null when the entry records this signature.
   *
   * @param signedContent the artifact bytes (message signature) or the DSSE envelope
   * @param keyDer the DER of the signer's certificate (keyless) or public key (managed)
   */
  static String mismatch(TlogEntry entry, Bundle bundle, byte[] artifact, byte[] keyDer) {
    if (artifact == null && bundle.message().isPresent()) {
      return "the entry records a message signature, which needs the artifact's bytes to check";
    }
    JsonNode body;
    try {
      body = MAPPER.readTree(entry.canonicalizedBody());
    } catch (IOException e) {
      return "the entry body is not JSON";
    }
    if (body == null
        || !entry.kind().equals(body.path("kind").asText())
        || !entry.version().equals(body.path("apiVersion").asText())) {
      return "the entry body's kind and version are not the "
          + entry.kind()
          + " "
          + entry.version()
          + " the bundle claims";
    }
    JsonNode spec = body.path("spec");
    String kindVersion = entry.kind() + "/" + entry.version();
    return switch (kindVersion) {
      case "hashedrekord/0.0.1" -> hashedRekordV001(spec, bundle, artifact, keyDer);
      case "hashedrekord/0.0.2" ->
          hashedRekordV002(spec.path("hashedRekordV002"), bundle, artifact, keyDer);
      case "dsse/0.0.1", "intoto/0.0.2" ->
          bundle.dsse().isEmpty()
              ? "a " + entry.kind() + " entry records a DSSE envelope, not a message signature"
              // A bundle holds the envelope parsed, not the bytes that were logged.
              : dsseMismatch(body, bundle.dsse().get(), null, keyDer);
      default -> "entry kind " + kindVersion + " is not supported";
    };
  }

  /**
   * The mismatch, in words, or null when a Rekor v1 {@code dsse} 0.0.1 or {@code intoto} 0.0.2
   * entry body records {@code envelope}: its payload, one of its signatures made by the key or
   * certificate {@code keyDer}, and, when {@code envelopeJson} is given, the envelope bytes the
   * signer submitted (the entry's {@code envelopeHash} or {@code content.hash}, which cosign
   * compares with the {@code .att} layer it verifies).
   *
   * @param body the entry body, as the log's SET signs it
   * @param envelopeJson the envelope JSON as submitted to the log, or null when not known
   * @param keyDer the DER of the signer's certificate (keyless) or public key (managed)
   */
  public static String dsseMismatch(
      byte[] body, Envelope envelope, byte[] envelopeJson, byte[] keyDer) {
    try {
      return dsseMismatch(MAPPER.readTree(body), envelope, envelopeJson, keyDer);
    } catch (IOException e) {
      return "the entry body is not JSON";
    }
  }

  private static String dsseMismatch(
      JsonNode body, Envelope envelope, byte[] envelopeJson, byte[] keyDer) {
    String kindVersion =
        body == null ? "" : body.path("kind").asText() + "/" + body.path("apiVersion").asText();
    return switch (kindVersion) {
      case "dsse/0.0.1" -> dsseV001(body.path("spec"), envelope, envelopeJson, keyDer);
      case "intoto/0.0.2" ->
          intotoV002(body.path("spec").path("content"), envelope, envelopeJson, keyDer);
      default -> "the entry is a " + kindVersion + ", not a dsse 0.0.1 or intoto 0.0.2 entry";
    };
  }

  private static String hashedRekordV001(
      JsonNode spec, Bundle bundle, byte[] artifact, byte[] keyDer) {
    if (bundle.message().isEmpty()) {
      return "a hashedrekord 0.0.1 entry cannot record a DSSE envelope";
    }
    JsonNode hash = spec.path("data").path("hash");
    if (!sameSha256(hash, artifact)) {
      return "the entry records another artifact (sha256:" + hash.path("value").asText() + ")";
    }
    if (!sameBase64(spec.path("signature").path("content"), bundle.signatureBytes())) {
      return "the entry records another signature";
    }
    return sameKey(spec.path("signature").path("publicKey").path("content"), keyDer, true);
  }

  private static String hashedRekordV002(
      JsonNode spec, Bundle bundle, byte[] artifact, byte[] keyDer) {
    byte[] expected =
        Digest.sha256(bundle.dsse().isPresent() ? bundle.dsse().get().pae() : artifact).hashBytes();
    JsonNode data = spec.path("data");
    if (!"SHA2_256".equals(data.path("algorithm").asText())
        || !sameBase64(data.path("digest"), expected)) {
      return bundle.dsse().isPresent()
          ? "the entry records another DSSE envelope (its digest is not Hash(PAE(envelope)))"
          : "the entry records another artifact";
    }
    if (!sameBase64(spec.path("signature").path("content"), bundle.signatureBytes())) {
      return "the entry records another signature";
    }
    JsonNode verifier = spec.path("signature").path("verifier");
    JsonNode key =
        verifier.has("x509Certificate")
            ? verifier.path("x509Certificate").path("rawBytes")
            : verifier.path("publicKey").path("rawBytes");
    return sameBase64(key, keyDer) ? null : "the entry records another signing key or certificate";
  }

  private static String dsseV001(
      JsonNode spec, Envelope envelope, byte[] envelopeJson, byte[] keyDer) {
    if (!sameSha256(spec.path("payloadHash"), envelope.payload())) {
      return "the entry records another DSSE payload";
    }
    if (envelopeJson != null && !sameSha256(spec.path("envelopeHash"), envelopeJson)) {
      return "the entry records another DSSE envelope (sha256:"
          + spec.path("envelopeHash").path("value").asText()
          + ")";
    }
    String mismatch = "the entry records other DSSE signatures";
    for (JsonNode signature : spec.path("signatures")) {
      if (isSignatureOf(decode(signature.path("signature")), envelope)) {
        mismatch = sameKey(signature.path("verifier"), keyDer, true);
        if (mismatch == null) {
          return null;
        }
      }
    }
    return mismatch;
  }

  private static String intotoV002(
      JsonNode content, Envelope envelope, byte[] envelopeJson, byte[] keyDer) {
    if (!sameSha256(content.path("payloadHash"), envelope.payload())) {
      return "the entry records another in-toto payload";
    }
    if (envelopeJson != null && !sameSha256(content.path("hash"), envelopeJson)) {
      return "the entry records another DSSE envelope (sha256:"
          + content.path("hash").path("value").asText()
          + ")";
    }
    JsonNode logged = content.path("envelope");
    if (!envelope.payloadType().equals(logged.path("payloadType").asText())) {
      return "the entry records another payload type";
    }
    String mismatch = "the entry records other DSSE signatures";
    for (JsonNode signature : logged.path("signatures")) {
      // intoto 0.0.2 stores the signature as base64 of its base64 text.
      byte[] once = decode(signature.path("sig"));
      byte[] sig = once == null ? null : decode(new String(once, StandardCharsets.US_ASCII));
      if (isSignatureOf(sig, envelope)) {
        mismatch = sameKey(signature.path("publicKey"), keyDer, true);
        if (mismatch == null) {
          return null;
        }
      }
    }
    return mismatch;
  }

  private static boolean isSignatureOf(byte[] sig, Envelope envelope) {
    return sig != null
        && envelope.signatures().stream().anyMatch(s -> MessageDigest.isEqual(s.sig(), sig));
  }

  /** Whether {@code hash} is {@code {"algorithm": "sha256", "value": hex}} of {@code data}. */
  private static boolean sameSha256(JsonNode hash, byte[] data) {
    return "sha256".equals(hash.path("algorithm").asText())
        && Digest.sha256(data).hex().equals(hash.path("value").asText().toLowerCase(Locale.ROOT));
  }

  /** Compares a base64 PEM (certificate or public key) in the entry with {@code keyDer}. */
  private static String sameKey(JsonNode base64Pem, byte[] keyDer, boolean pem) {
    byte[] decoded = decode(base64Pem);
    if (decoded == null) {
      return "the entry's key is missing or not base64";
    }
    byte[] der = pem ? pemBody(new String(decoded, StandardCharsets.US_ASCII)) : decoded;
    return der != null && MessageDigest.isEqual(der, keyDer)
        ? null
        : "the entry records another signing key or certificate";
  }

  private static byte[] pemBody(String pem) {
    int begin = pem.indexOf("-----BEGIN ");
    if (begin < 0) {
      return null;
    }
    int bodyStart = pem.indexOf('\n', begin);
    int end = pem.indexOf("-----END ", bodyStart);
    if (bodyStart < 0 || end < 0) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(bodyStart, end));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean sameBase64(JsonNode node, byte[] expected) {
    byte[] decoded = decode(node);
    return decoded != null && MessageDigest.isEqual(decoded, expected);
  }

  private static byte[] decode(JsonNode node) {
    return node.isTextual() ? decode(node.asText()) : null;
  }

  private static byte[] decode(String text) {
    try {
      return ProtoBase64.decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
