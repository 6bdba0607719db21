package dev.provenant.core.keys;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Which JCA signature algorithm a key signs and verifies with, by cosign's conventions. */
final class SignatureAlgorithms {
  private SignatureAlgorithms() {}

  static String jcaName(PublicKey key) {
    return switch (key) {
      case ECPublicKey ec ->
          ec.getParams().getCurve().getField().getFieldSize() > 256
              ? "SHA384withECDSA"
              : "SHA256withECDSA";
      case RSAPublicKey ignored -> "SHA256withRSA";
      default -> {
        if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
          yield "Ed25519";
        }
        throw new IllegalArgumentException(
            "unsupported key type " + key.getAlgorithm() + ": use EC P-256/P-384, RSA or Ed25519");
      }
    };
  }

  static void requireSupported(PublicKey key) throws InvalidKeyException {
    try {
      jcaName(key);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException(e.getMessage());
    }
  }
}
