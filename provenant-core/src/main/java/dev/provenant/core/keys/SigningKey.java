package dev.provenant.core.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

/**
 * A private key with its public key, able to sign the way cosign does: ECDSA with SHA-256 (P-256)
 * or SHA-384 (P-384), DER-encoded; RSA PKCS#1 v1.5 with SHA-256; Ed25519.
 */
public final class SigningKey {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String jcaAlgorithm;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.jcaAlgorithm = SignatureAlgorithms.jcaName(publicKey);
  }

  /** A new EC P-256 key pair, the kind {@code cosign generate-key-pair} makes. */
  public static SigningKey generateEcP256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      return new SigningKey(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime cannot make EC P-256 keys", e);
    }
  }

  /**
   * Pairs a private key with its public key.
   *
   * @throws InvalidKeyException when the key type is not one Provenant signs with
   */
  public static SigningKey of(PrivateKey privateKey, PublicKey publicKey)
      throws InvalidKeyException {
    if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())
        && !(privateKey instanceof ECKey && publicKey instanceof ECKey)) {
      throw new InvalidKeyException(
          "the private key ("
              + privateKey.getAlgorithm()
              + ") and public key ("
              + publicKey.getAlgorithm()
              + ") are of different kinds");
    }
    SignatureAlgorithms.requireSupported(publicKey);
    return new SigningKey(privateKey, publicKey);
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The JCA signature algorithm used, such as {@code SHA256withECDSA}. */
  public String algorithm() {
    return jcaAlgorithm;
  }

  /** Signs {@code data}; for ECDSA the result is DER, as cosign writes it. */
  public byte[] sign(byte[] data) {
    try {
      Signature signature = Signature.getInstance(jcaAlgorithm);
      signature.initSign(privateKey);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      // The key was checked when this object was made; a failure here is a broken runtime.
      throw new IllegalStateException("signing with " + jcaAlgorithm + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + jcaAlgorithm + ", " + PublicKeys.fingerprint(publicKey) + "]";
  }
}
