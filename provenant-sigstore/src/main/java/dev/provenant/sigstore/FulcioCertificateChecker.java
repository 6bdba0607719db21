package dev.provenant.sigstore;

import dev.provenant.core.bundle.CertificateChecker;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.Signer;
import dev.sigstore.fulcio.client.FulcioVerificationException;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a Fulcio signing certificate is trusted and is the expected signer: the chain to
 * a certificate authority of the trusted root valid when the certificate was issued, and its
 * embedded SCTs from a trusted CT log (both through sigstore-java's {@link FulcioVerifier}); then
 * identity, issuer and build constraints from the certificate's Fulcio extensions (ours).
 */
public final class FulcioCertificateChecker implements CertificateChecker {
  private final TrustedRoot trustedRoot;
  private final CertificatePolicy policy;

  public FulcioCertificateChecker(TrustedRoot trustedRoot, CertificatePolicy policy) {
    this.trustedRoot = Objects.requireNonNull(trustedRoot, "trustedRoot");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public Result check(List<X509Certificate> chain) {
    X509Certificate leaf = chain.getFirst();
    Map<String, String> extensions = FulcioCertificate.extensions(leaf);
    Optional<String> identity = FulcioCertificate.identity(leaf);
    Optional<String> issuer = FulcioCertificate.issuer(extensions);
    Signer signer =
        new Signer(
            Signer.Kind.CERTIFICATE,
            identity.orElse("(no identity)"),
            issuer.orElse(null),
            extensions);
    List<Check> checks = new ArrayList<>();
    checkChain(chain, checks);
    checks.add(
        policy.identity().matches(identity.orElse(null))
            ? Check.pass("identity", "certificate identity " + identity.get())
            : Check.fail(
                "identity",
                "certificate identity is "
                    + identity.map(i -> "'" + i + "'").orElse("absent")
                    + ", expected "
                    + policy.identity()));
    checks.add(
        policy.issuer().matches(issuer.orElse(null))
            ? Check.pass("issuer", "OIDC issuer " + issuer.get())
            : Check.fail(
                "issuer",
                "OIDC issuer is "
                    + issuer.map(i -> "'" + i + "'").orElse("absent")
                    + ", expected "
                    + policy.issuer()));
    for (CertificatePolicy.ExtensionConstraint constraint : policy.constraints()) {
      Optional<String> actual = constraint.actual(extensions);
      checks.add(
          actual.filter(constraint.expected()::equals).isPresent()
              ? Check.pass(constraint.check(), constraint.check() + " is " + actual.get())
              : Check.fail(
                  constraint.check(),
                  constraint.check()
                      + " is "
                      + actual.map(a -> "'" + a + "'").orElse("absent from the certificate")
                      + ", expected '"
                      + constraint.expected()
                      + "'"));
    }
    return new Result(signer, checks);
  }

  private void checkChain(List<X509Certificate> chain, List<Check> checks) {
    // A root must come from the trusted root only; a bundle that ships one is suspect (and the
    // Sigstore client spec says to reject it).
    for (X509Certificate certificate : chain.subList(1, chain.size())) {
      if (certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
        checks.add(
            Check.fail(
                "certificate-chain",
                "the bundle's certificate chain includes the root "
                    + certificate.getSubjectX500Principal().getName()
                    + "; roots must come from the trusted root only"));
        return;
      }
    }
    FulcioVerifier verifier;
    try {
      verifier =
          FulcioVerifier.newFulcioVerifier(
              SigstoreTrustedRoot.from(new ByteArrayInputStream(trustedRoot.json())));
    } catch (Exception e) {
      checks.add(
          Check.fail(
              "certificate-chain",
              "the trusted root's certificate authorities or CT logs cannot be used: "
                  + e.getMessage()));
      return;
    }
    try {
      verifier.verifySigningCertificate(
          CertificateFactory.getInstance("X.509").generateCertPath(chain));
      checks.add(
          Check.pass(
              "certificate-chain",
              "issued by "
                  + chain.getFirst().getIssuerX500Principal().getName()
                  + ", which chains to a certificate authority of the trusted root"));
      checks.add(
          Check.pass(
              "certificate-transparency", "the certificate's SCT verifies with a trusted CT log"));
    } catch (FulcioVerificationException e) {
      String message = String.valueOf(e.getMessage());
      boolean sct = message.contains("SCT") || message.contains("ct log");
      checks.add(
          Check.fail(
              sct ? "certificate-transparency" : "certificate-chain",
              (sct ? "" : "the certificate does not chain to a trusted certificate authority: ")
                  + message));
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      checks.add(
          Check.fail(
              "certificate-chain", "the certificate chain cannot be checked: " + e.getMessage()));
    }
  }
}
