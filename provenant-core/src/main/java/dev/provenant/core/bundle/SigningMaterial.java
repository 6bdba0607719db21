package dev.provenant.core.bundle;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** What identifies the signer in a bundle: a hint naming a managed key, or a certificate chain. */
public sealed interface SigningMaterial {

  /** A managed (non-Fulcio) key, named only by a hint; the verifier supplies the key itself. */
  record PublicKeyHint(String hint) implements SigningMaterial {
    public PublicKeyHint {
      hint = hint == null ? "" : hint;
    }
  }

  /**
   * The signing certificate, leaf first, with any intermediates (v0.1 and v0.2 carry a chain; v0.3
   * only the leaf).
   */
  record CertificateChain(List<X509Certificate> certificates) implements SigningMaterial {
    public CertificateChain {
      certificates = List.copyOf(certificates);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("a certificate chain needs at least the leaf");
      }
    }

    public X509Certificate leaf() {
      return certificates.getFirst();
    }

    static CertificateChain of(X509Certificate leaf) {
      return new CertificateChain(List.of(Objects.requireNonNull(leaf, "leaf")));
    }
  }
}
