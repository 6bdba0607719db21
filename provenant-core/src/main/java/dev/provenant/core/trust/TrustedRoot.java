package dev.provenant.core.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.keys.InvalidKeyException;
import dev.provenant.core.keys.PublicKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A Sigstore trusted root: the transparency logs, certificate authorities, CT logs and timestamp
 * authorities a verifier trusts, each with the period it may be relied on. Read offline from a
 * {@code trusted_root.json} (media type {@code application/vnd.dev.sigstore.trustedroot+json}).
 *
 * @see <a
 *     href="https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_trustroot.proto">protobuf-specs
 *     sigstore_trustroot.proto</a>
 */
public final class TrustedRoot {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final byte[] json;
  private final List<TransparencyLog> tlogs;
  private final List<CertificateAuthority> certificateAuthorities;
  private final List<TransparencyLog> ctlogs;
  private final List<CertificateAuthority> timestampAuthorities;

  private TrustedRoot(
      byte[] json,
      List<TransparencyLog> tlogs,
      List<CertificateAuthority> certificateAuthorities,
      List<TransparencyLog> ctlogs,
      List<CertificateAuthority> timestampAuthorities) {
    this.json = json.clone();
    this.tlogs = List.copyOf(tlogs);
    this.certificateAuthorities = List.copyOf(certificateAuthorities);
    this.ctlogs = List.copyOf(ctlogs);
    this.timestampAuthorities = List.copyOf(timestampAuthorities);
  }

  /**
   * Parses a {@code trusted_root.json}.
   *
   * @throws TrustedRootException when it is not JSON or an entry is malformed (a key that does not
   *     parse, a validity period with no start…): a trust root is never half-read
   */
  public static TrustedRoot parse(byte[] json) throws TrustedRootException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new TrustedRootException("the trusted root is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new TrustedRootException("the trusted root is not a JSON object");
    }
    String mediaType = root.path("mediaType").asText("");
    if (!mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
      throw new TrustedRootException(
          "unknown trusted root media type '"
              + mediaType
              + "': expected application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    }
    List<TransparencyLog> tlogs = new ArrayList<>();
    for (JsonNode node : root.path("tlogs")) {
      tlogs.add(log(node, "tlogs"));
    }
    List<TransparencyLog> ctlogs = new ArrayList<>();
    for (JsonNode node : root.path("ctlogs")) {
      ctlogs.add(log(node, "ctlogs"));
    }
    List<CertificateAuthority> cas = new ArrayList<>();
    for (JsonNode node : root.path("certificateAuthorities")) {
      cas.add(authority(node, "certificateAuthorities"));
    }
    List<CertificateAuthority> tsas = new ArrayList<>();
    for (JsonNode node : root.path("timestampAuthorities")) {
      tsas.add(authority(node, "timestampAuthorities"));
    }
    return new TrustedRoot(json, tlogs, cas, ctlogs, tsas);
  }

  private static TransparencyLog log(JsonNode node, String field) throws TrustedRootException {
    String where = field + " entry " + node.path("baseUrl").asText("(no baseUrl)");
    JsonNode key = node.path("publicKey");
    byte[] der = base64(key.path("rawBytes"), where + ": publicKey.rawBytes");
    String keyDetails = key.path("keyDetails").asText("");
    byte[] logId = base64(node.path("logId").path("keyId"), where + ": logId.keyId");
    try {
      return new TransparencyLog(
          URI.create(node.path("baseUrl").asText("")),
          publicKey(der, keyDetails),
          keyDetails,
          logId,
          validity(key.path("validFor"), where + ": publicKey.validFor"));
    } catch (InvalidKeyException | IllegalArgumentException e) {
      throw new TrustedRootException(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a log key. Sigstore's staging root lists a CT log whose {@code PKCS1_RSA_PKCS1V5} key is
   * a bare PKCS#1 RSAPublicKey rather than a SubjectPublicKeyInfo, so both are accepted.
   */
  private static PublicKey publicKey(byte[] der, String keyDetails) throws InvalidKeyException {
    try {
      return PublicKeys.fromDer(der);
    } catch (InvalidKeyException e) {
      if (!keyDetails.contains("RSA")) {
        throw e;
      }
      try {
        org.bouncycastle.asn1.pkcs.RSAPublicKey rsa =
            org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(der);
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      } catch (GeneralSecurityException | IllegalArgumentException inner) {
        throw new InvalidKeyException("neither a SubjectPublicKeyInfo nor a PKCS#1 RSA key", inner);
      }
    }
  }

  private static CertificateAuthority authority(JsonNode node, String field)
      throws TrustedRootException {
    String where = field + " entry " + node.path("uri").asText("(no uri)");
    List<X509Certificate> chain = new ArrayList<>();
    for (JsonNode cert : node.path("certChain").path("certificates")) {
      chain.add(certificate(base64(cert.path("rawBytes"), where + ": certificate"), where));
    }
    if (chain.isEmpty()) {
      throw new TrustedRootException(where + ": certChain has no certificates");
    }
    JsonNode subject = node.path("subject");
    String name =
        subject.path("organization").asText("") + "/" + subject.path("commonName").asText("");
    try {
      return new CertificateAuthority(
          name,
          node.hasNonNull("uri") ? URI.create(node.path("uri").asText()) : null,
          chain,
          validity(node.path("validFor"), where + ": validFor"));
    } catch (IllegalArgumentException e) {
      throw new TrustedRootException(where + ": " + e.getMessage(), e);
    }
  }

  /** A missing start is an error, not "since forever": fail closed on a malformed trust root. */
  private static ValidityPeriod validity(JsonNode node, String where) throws TrustedRootException {
    if (!node.hasNonNull("start")) {
      throw new TrustedRootException(where + " has no start");
    }
    try {
      Instant start = Instant.parse(node.path("start").asText());
      Instant end = node.hasNonNull("end") ? Instant.parse(node.path("end").asText()) : null;
      return new ValidityPeriod(start, end);
    } catch (DateTimeParseException e) {
      throw new TrustedRootException(where + " is not an RFC 3339 time: " + e.getMessage(), e);
    }
  }

  private static byte[] base64(JsonNode node, String where) throws TrustedRootException {
    if (!node.isTextual()) {
      throw new TrustedRootException(where + " is missing");
    }
    try {
      return Base64.getDecoder().decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw new TrustedRootException(where + " is not valid base64", e);
    }
  }

  static X509Certificate certificate(byte[] der, String where) throws TrustedRootException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new TrustedRootException(where + ": not an X.509 certificate", e);
    }
  }

  /** The document this root was read from, for libraries that read it themselves. */
  public byte[] json() {
    return json.clone();
  }

  public List<TransparencyLog> tlogs() {
    return tlogs;
  }

  public List<CertificateAuthority> certificateAuthorities() {
    return certificateAuthorities;
  }

  public List<TransparencyLog> ctlogs() {
    return ctlogs;
  }

  public List<CertificateAuthority> timestampAuthorities() {
    return timestampAuthorities;
  }

  /** The transparency log with this log ID, if the root trusts one. */
  public Optional<TransparencyLog> tlog(byte[] logId) {
    return tlogs.stream().filter(t -> t.hasLogId(logId)).findFirst();
  }
}
