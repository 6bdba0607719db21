package dev.provenant.core.keys;

import dev.provenant.core.digest.Digest;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Reads and writes public keys as PEM {@code PUBLIC KEY} blocks (X.509 SubjectPublicKeyInfo), the
 * form {@code cosign generate-key-pair} writes to {@code cosign.pub}. EC (P-256, P-384), RSA and
 * Ed25519 keys are accepted.
 */
public final class PublicKeys {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";
  private static final List<String> ALGORITHMS = List.of("EC", "RSA", "Ed25519");

  private PublicKeys() {}

  /**
   * Parses the first {@code PUBLIC KEY} PEM block in {@code pem}.
   *
   * @throws InvalidKeyException when there is no such block or its content is not a key
   */
  public static PublicKey parsePem(String pem) throws InvalidKeyException {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      String hint =
          pem.contains("PRIVATE KEY")
              ? "; this is a private key: give the matching .pub file"
              : pem.contains("CERTIFICATE") ? "; this is a certificate, not a public key" : "";
      throw new InvalidKeyException("no PEM 'PUBLIC KEY' block found" + hint);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("the PUBLIC KEY block is not valid base64", e);
    }
    return fromDer(der);
  }

  /** Parses DER-encoded SubjectPublicKeyInfo. */
  public static PublicKey fromDer(byte[] der) throws InvalidKeyException {
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(spec);
      } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
        // Try the next algorithm: SubjectPublicKeyInfo names its own, but the JCA wants it upfront.
      }
    }
    throw new InvalidKeyException(
        "the PUBLIC KEY block holds no EC, RSA or Ed25519 key this runtime can read");
  }

  /**
   * The key's fingerprint: {@code sha256:} and the hex SHA-256 of its DER SubjectPublicKeyInfo, the
   * same for a key however it was written down.
   */
  public static String fingerprint(PublicKey key) {
    return Digest.sha256(key.getEncoded()).toString();
  }

  /** Writes {@code key} as a PEM {@code PUBLIC KEY} block with 64-character lines. */
  public static String toPem(PublicKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return BEGIN + "\n" + body + "\n" + END + "\n";
  }
}
