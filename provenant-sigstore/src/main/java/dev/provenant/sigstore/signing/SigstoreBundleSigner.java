package dev.provenant.sigstore.signing;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleMediaType;
import dev.provenant.core.bundle.BundleSigner;
import dev.provenant.core.bundle.BundleSigningException;
import dev.provenant.core.bundle.MessageSignature;
import dev.provenant.core.bundle.SigningMaterial;
import dev.provenant.core.bundle.TlogEntry;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.Envelope;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs into a Sigstore bundle (v0.3) with the Sigstore services: keyless, with a fresh ephemeral
 * P-256 key per bundle and a short-lived certificate for it from Fulcio; or with a managed key,
 * named by a hint. Then, as configured, the signature is logged in Rekor (v1) and timestamped by an
 * RFC 3161 authority, and the bundle carries the log entry and the timestamp.
 *
 * <pre>{@code
 * BundleSigner signer = SigstoreBundleSigner.builder()
 *     .keyless(oidcToken, URI.create("https://fulcio.sigstore.dev"))
 *     .rekor(URI.create("https://rekor.sigstore.dev"))
 *     .build();
 * Bundle bundle = signer.signArtifact(bytes);
 * }</pre>
 *
 * <p>Keyless signing needs a log entry or a timestamp: a Fulcio certificate is valid for minutes,
 * and a verifier accepts it only with a verified time of signing inside that window, which only a
 * SET or an RFC 3161 timestamp gives. {@link Builder#build()} refuses keyless signing with neither.
 *
 * @see <a href="https://github.com/sigstore/architecture-docs/blob/main/client-spec.md">Sigstore
 *     client specification, signing</a>
 */
public final class SigstoreBundleSigner implements BundleSigner {
  /** What Provenant waits for each service by default: connect, then the whole answer. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final SigningKey managedKey;
  private final String identityToken;
  private final FulcioClient fulcio;
  private final RekorClient rekor;
  private final TimestampClient timestampAuthority;

  private SigstoreBundleSigner(Builder builder) {
    ServiceHttp http = new ServiceHttp(builder.timeout);
    this.managedKey = builder.key;
    this.identityToken = builder.identityToken;
    this.fulcio = builder.fulcio == null ? null : new FulcioClient(builder.fulcio, http);
    this.rekor = builder.rekor == null ? null : new RekorClient(builder.rekor, http);
    this.timestampAuthority =
        builder.timestampAuthority == null
            ? null
            : new TimestampClient(builder.timestampAuthority, http);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the bundles carry a transparency log entry. */
  public boolean logs() {
    return rekor != null;
  }

  /** Whether the bundles carry an RFC 3161 timestamp. */
  public boolean timestamps() {
    return timestampAuthority != null;
  }

  /** Whether the signer is keyless (a Fulcio certificate) rather than a managed key. */
  public boolean keyless() {
    return managedKey == null;
  }

  @Override
  public Bundle signArtifact(byte[] artifact) throws BundleSigningException {
    Identity identity = identity();
    Digest digest = Digest.sha256(artifact);
    byte[] signature = identity.key().sign(artifact);
    List<byte[]> timestamps = timestamps(signature);
    List<TlogEntry> entries = new ArrayList<>();
    if (rekor != null) {
      entries.add(rekor.logHashedRekord(digest, signature, identity.pem()));
    }
    return new Bundle(
        BundleMediaType.V0_3,
        identity.material(),
        entries,
        timestamps,
        new MessageSignature(digest, signature),
        null);
  }

  @Override
  public Bundle signDsse(String payloadType, byte[] payload) throws BundleSigningException {
    Identity identity = identity();
    byte[] pae = new Envelope(payloadType, payload, List.of()).pae();
    Envelope envelope =
        new Envelope(
            payloadType, payload, List.of(new Envelope.Signature(identity.key().sign(pae), "")));
    byte[] signature = envelope.signatures().getFirst().sig();
    List<byte[]> timestamps = timestamps(signature);
    List<TlogEntry> entries = new ArrayList<>();
    if (rekor != null) {
      entries.add(rekor.logDsse(envelope, identity.pem()));
    }
    return new Bundle(
        BundleMediaType.V0_3, identity.material(), entries, timestamps, null, envelope);
  }

  /**
   * Timestamps other bytes than a signature with the configured authority: cosign's legacy {@code
   * .att} layers carry a timestamp over the whole DSSE envelope, not over its signature.
   *
   * @return a DER {@code TimeStampResp} over {@code data}
   * @throws IllegalStateException when no timestamp authority is configured
   */
  public byte[] timestamp(byte[] data) throws BundleSigningException {
    if (timestampAuthority == null) {
      throw new IllegalStateException("no timestamp authority is configured");
    }
    return timestampAuthority.timestamp(data);
  }

  private List<byte[]> timestamps(byte[] signature) throws BundleSigningException {
    return timestampAuthority == null
        ? List.of()
        : List.of(timestampAuthority.timestamp(signature));
  }

  /** The key that signs this bundle, what the bundle says about it, and its PEM for the log. */
  private record Identity(SigningKey key, SigningMaterial material, String pem) {}

  private Identity identity() throws BundleSigningException {
    if (managedKey != null) {
      return new Identity(
          managedKey,
          new SigningMaterial.PublicKeyHint(PublicKeys.fingerprint(managedKey.publicKey())),
          PublicKeys.toPem(managedKey.publicKey()));
    }
    // A new key for every bundle: it signs once, then is forgotten with this object.
    SigningKey ephemeral = SigningKey.generateEcP256();
    List<X509Certificate> chain =
        fulcio.signingCertificate(IdentityToken.parse(identityToken), ephemeral);
    X509Certificate leaf = chain.getFirst();
    // A v0.3 bundle carries only the leaf: verifiers take the chain from their trusted root.
    return new Identity(
        ephemeral, new SigningMaterial.CertificateChain(List.of(leaf)), certificatePem(leaf));
  }

  private static String certificatePem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate always re-encodes", e);
    }
  }

  @Override
  public String toString() {
    return "SigstoreBundleSigner["
        + (managedKey != null ? managedKey : "keyless")
        + (rekor != null ? ", logged" : "")
        + (timestampAuthority != null ? ", timestamped" : "")
        + "]";
  }

  /**
   * Builds a {@link SigstoreBundleSigner}: one of {@link #keyless} and {@link #key}, then extras.
   */
  public static final class Builder {
    private String identityToken;
    private URI fulcio;
    private SigningKey key;
    private URI rekor;
    private URI timestampAuthority;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /**
     * Signs keyless: each bundle gets a new key and a certificate for it from {@code fulcio},
     * issued to the identity of {@code oidcToken} (an OIDC ID token whose audience is {@code
     * sigstore}).
     */
    public Builder keyless(String oidcToken, URI fulcio) {
      this.identityToken = Objects.requireNonNull(oidcToken, "oidcToken");
      this.fulcio = Objects.requireNonNull(fulcio, "fulcio");
      return this;
    }

    /** Signs with a managed key; the bundle names it by a hint (its fingerprint). */
    public Builder key(SigningKey key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Logs each signature in the Rekor v1 log at {@code rekor} (its base URL). */
    public Builder rekor(URI rekor) {
      this.rekor = rekor;
      return this;
    }

    /**
     * Timestamps each signature with the authority at {@code tsa}: a Sigstore timestamp authority's
     * base URL, or the full URL of any RFC 3161 authority.
     */
    public Builder timestampAuthority(URI tsa) {
      this.timestampAuthority = tsa;
      return this;
    }

    /** How long to wait for each service to connect, and then to answer. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * @throws IllegalStateException when neither or both of keyless and key are set, or keyless
     *     signing has neither a log nor a timestamp authority
     */
    public SigstoreBundleSigner build() {
      if ((key == null) == (identityToken == null)) {
        throw new IllegalStateException(
            "choose one way to sign: keyless (an identity token and Fulcio) or a managed key");
      }
      if (key == null && rekor == null && timestampAuthority == null) {
        throw new IllegalStateException(
            "keyless signing needs a transparency log (Rekor) or a timestamp authority: a Fulcio"
                + " certificate is valid for minutes, and a verifier needs a verified signing time"
                + " within them");
      }
      return new SigstoreBundleSigner(this);
    }
  }
}
