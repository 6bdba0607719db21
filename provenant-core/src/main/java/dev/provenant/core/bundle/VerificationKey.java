package dev.provenant.core.bundle;

import java.security.PublicKey;
import java.util.Objects;

/** What a bundle must be signed with: a managed key, or a certificate a checker accepts. */
public sealed interface VerificationKey {

  /** A managed key ({@code --key cosign.pub}): the bundle's signature must verify with it. */
  record Managed(PublicKey publicKey) implements VerificationKey {
    public Managed {
      Objects.requireNonNull(publicKey, "publicKey");
    }
  }

  /** Keyless: the bundle's certificate must satisfy {@code checker}. */
  record Keyless(CertificateChecker checker) implements VerificationKey {
    public Keyless {
      Objects.requireNonNull(checker, "checker");
    }
  }
}
