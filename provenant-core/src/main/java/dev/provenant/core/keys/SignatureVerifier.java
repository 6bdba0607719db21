package dev.provenant.core.keys;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

/**
 * Checks a signature over bytes with a public key, by the same conventions {@link SigningKey} signs
 * with.
 */
public final class SignatureVerifier {
  private SignatureVerifier() {}

  /**
   * Whether {@code signature} is a valid signature of {@code data} by {@code key}. Malformed
   * signature bytes, and keys of a type Provenant does not verify with (a DSA key in a hostile
   * certificate), are simply not valid: this never throws for attacker-controlled input.
   */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      if (key instanceof ECPublicKey ec && P256Verification.isP256(ec)) {
        return P256Verification.verify(ec, data, signature);
      }
      String algorithm = SignatureAlgorithms.jcaName(key);
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
