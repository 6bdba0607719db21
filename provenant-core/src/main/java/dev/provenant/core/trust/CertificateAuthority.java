package dev.provenant.core.trust;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate authority (Fulcio) or timestamp authority the trusted root vouches for: its
 * certificate chain, leaf first and root last, and when it may be relied on.
 */
public record CertificateAuthority(
    String subject, URI uri, List<X509Certificate> certChain, ValidityPeriod validFor) {
  public CertificateAuthority {
    Objects.requireNonNull(subject, "subject");
    certChain = List.copyOf(certChain);
    Objects.requireNonNull(validFor, "validFor");
    if (certChain.isEmpty()) {
      throw new IllegalArgumentException("an authority needs at least one certificate");
    }
  }

  /** The first certificate of the chain: the one that signs (a TSA's signing certificate). */
  public X509Certificate leaf() {
    return certChain.getFirst();
  }

  /** The last certificate of the chain, the trust anchor. */
  public X509Certificate root() {
    return certChain.getLast();
  }
}
