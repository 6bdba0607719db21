package dev.provenant.policy;

import dev.provenant.core.keys.PublicKeys;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;

/** Fresh P-256 public keys for policies under test. */
final class TestKeys {
  private TestKeys() {}

  static PublicKey newKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair().getPublic();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String newPem() {
    return PublicKeys.toPem(newKey());
  }

  /** The PEM indented for a YAML block scalar at {@code indent} spaces. */
  static String indented(String pem, int indent) {
    return pem.strip()
        .lines()
        .map(l -> " ".repeat(indent) + l)
        .reduce((a, b) -> a + "\n" + b)
        .orElseThrow();
  }
}
