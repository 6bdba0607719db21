package dev.provenant.core.verification;

import java.util.Map;
import java.util.Objects;

/**
 * Who a signature claims to come from: a public key (identified by its fingerprint) or a
 * certificate (its subject alternative name, OIDC issuer and Fulcio extensions).
 *
 * @param identity the key's {@code sha256:} fingerprint of its DER SubjectPublicKeyInfo, or the
 *     certificate's identity (email or URI SAN)
 * @param issuer the certificate's OIDC issuer; null for a key
 * @param extensions decoded Fulcio extensions by name ({@code sourceRepositoryURI}…); empty for a
 *     key
 */
public record Signer(Kind kind, String identity, String issuer, Map<String, String> extensions) {

  /** What vouches for the signature. */
  public enum Kind {
    KEY,
    CERTIFICATE
  }

  public Signer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(identity, "identity");
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  /** A signer known only by its key fingerprint. */
  public static Signer key(String fingerprint) {
    return new Signer(Kind.KEY, fingerprint, null, Map.of());
  }

  /** Nobody could be identified (the signature or its certificate did not parse). */
  public static Signer unknown() {
    return new Signer(Kind.KEY, "unknown", null, Map.of());
  }
}
