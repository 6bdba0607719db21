package dev.provenant.core.bundle;

import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.Signer;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decides whether a bundle's signing certificate is trusted and names the expected signer: the
 * chain to a certificate authority, certificate-transparency proof, identity and issuer. The core
 * does the rest (signature, transparency log, timestamps, and that every verified signing time lies
 * within the certificate's validity). {@code provenant-sigstore} implements it for Fulcio.
 */
public interface CertificateChecker {

  /** What the checker found: who the certificate names, and each check it made, in order. */
  record Result(Signer signer, List<Check> checks) {
    public Result {
      checks = List.copyOf(checks);
    }
  }

  /**
   * Checks {@code chain} (leaf first, as the bundle carries it).
   *
   * <p>Must not throw for a hostile certificate: every problem is a failed {@link Check}.
   */
  Result check(List<X509Certificate> chain);
}
