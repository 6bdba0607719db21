package dev.provenant.core.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Reads unencrypted PEM private keys, the forms {@code cosign import-key-pair} accepts: PKCS#8
 * {@code PRIVATE KEY} (EC, RSA, Ed25519), SEC1 {@code EC PRIVATE KEY} and PKCS#1 {@code RSA PRIVATE
 * KEY}. The public key is derived from the private key, so no separate file is needed.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5208">RFC 5208, PKCS#8</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5915">RFC 5915, SEC1 EC private keys</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8017#appendix-A.1.2">RFC 8017, PKCS#1</a>
 */
public final class PrivateKeys {
  static final String PKCS8 = "PRIVATE KEY";
  static final String SEC1 = "EC PRIVATE KEY";
  static final String PKCS1 = "RSA PRIVATE KEY";
  private static final Set<String> ENCRYPTED_COSIGN =
      Set.of(CosignKeyFile.SIGSTORE_TYPE, CosignKeyFile.COSIGN_TYPE);

  private PrivateKeys() {}

  /**
   * Parses the first private key PEM block in {@code pem}.
   *
   * @throws InvalidKeyException when there is no unencrypted private key block, or it holds no key
   *     of a kind Provenant signs with; for an encrypted key the message says what to do instead
   */
  public static SigningKey parsePem(String pem) throws InvalidKeyException {
    List<PemBlock> blocks = PemBlock.all(pem);
    PemBlock block =
        blocks.stream().filter(b -> b.type().endsWith("PRIVATE KEY")).findFirst().orElse(null);
    if (block == null) {
      String hint =
          blocks.stream().anyMatch(b -> b.type().equals("PUBLIC KEY"))
              ? "; this is a public key: give the private key"
              : blocks.stream().anyMatch(b -> b.type().equals("CERTIFICATE"))
                  ? "; this is a certificate: give the private key it was issued for"
                  : "";
      throw new InvalidKeyException("no PEM private key block found" + hint);
    }
    if (ENCRYPTED_COSIGN.contains(block.type())) {
      throw new InvalidKeyException(
          "this is already an encrypted cosign key ('"
              + block.type()
              + "'): it needs no import; give it to --key as it is, with its password in"
              + " COSIGN_PASSWORD");
    }
    if (block.type().equals("ENCRYPTED PRIVATE KEY") || block.hasHeaders()) {
      throw new InvalidKeyException(
          "the '"
              + block.type()
              + "' is encrypted with a password; decrypt it first ('openssl pkey -in FILE -out"
              + " plain.pem'), import plain.pem with 'provenant import-key-pair --key plain.pem',"
              + " then delete plain.pem");
    }
    return switch (block.type()) {
      case PKCS8 -> fromPkcs8(block.der());
      case SEC1 -> fromSec1(block.der());
      case PKCS1 -> fromPkcs1(block.der());
      default ->
          throw new InvalidKeyException(
              "unsupported PEM type '"
                  + block.type()
                  + "': use 'PRIVATE KEY' (PKCS#8), 'EC PRIVATE KEY' (SEC1) or 'RSA PRIVATE KEY'"
                  + " (PKCS#1)");
    };
  }

  /** Reads a DER PKCS#8 PrivateKeyInfo. */
  static SigningKey fromPkcs8(byte[] der) throws InvalidKeyException {
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new InvalidKeyException("the 'PRIVATE KEY' is not a DER PKCS#8 PrivateKeyInfo", e);
    }
    return fromInfo(info, "PRIVATE KEY");
  }

  /** Whether {@code der} is a SEC1 ECPrivateKey (which cosign key files must not hold). */
  static boolean isSec1(byte[] der) {
    try {
      ECPrivateKey key = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
      return key.getKey() != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static SigningKey fromSec1(byte[] der) throws InvalidKeyException {
    ECPrivateKey sec1;
    try {
      sec1 = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new InvalidKeyException("the 'EC PRIVATE KEY' is not a DER SEC1 ECPrivateKey", e);
    }
    if (sec1.getParametersObject() == null) {
      // RFC 5915 makes the curve optional; without it the key cannot be used.
      throw new InvalidKeyException("the 'EC PRIVATE KEY' does not name its curve");
    }
    AlgorithmIdentifier algorithm =
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject());
    return fromInfo(wrap(algorithm, sec1), "EC PRIVATE KEY");
  }

  private static SigningKey fromPkcs1(byte[] der) throws InvalidKeyException {
    RSAPrivateKey rsa;
    try {
      rsa = RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new InvalidKeyException("the 'RSA PRIVATE KEY' is not a DER PKCS#1 RSAPrivateKey", e);
    }
    AlgorithmIdentifier algorithm =
        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
    return fromInfo(wrap(algorithm, rsa), "RSA PRIVATE KEY");
  }

  private static PrivateKeyInfo wrap(
      AlgorithmIdentifier algorithm, org.bouncycastle.asn1.ASN1Encodable key)
      throws InvalidKeyException {
    try {
      return new PrivateKeyInfo(algorithm, key);
    } catch (IOException e) {
      throw new InvalidKeyException("the private key cannot be re-encoded as PKCS#8", e);
    }
  }

  /**
   * Derives the public key with Bouncy Castle's lightweight API, then hands both halves to the
   * JDK's own key factories, so that signing uses the platform providers like every other key.
   */
  private static SigningKey fromInfo(PrivateKeyInfo info, String what) throws InvalidKeyException {
    AsymmetricKeyParameter privateParameters;
    try {
      privateParameters = PrivateKeyFactory.createKey(info);
    } catch (IOException | RuntimeException e) {
      throw new InvalidKeyException(
          "the '"
              + what
              + "' holds a key of algorithm "
              + info.getPrivateKeyAlgorithm().getAlgorithm()
              + " that cannot be read: use EC P-256/P-384, RSA or Ed25519",
          e);
    }
    AsymmetricKeyParameter publicParameters =
        switch (privateParameters) {
          case ECPrivateKeyParameters ec when !isP256OrP384(ec) ->
              throw new InvalidKeyException(
                  "unsupported EC curve in the '" + what + "': use P-256 or P-384");
          case ECPrivateKeyParameters ec ->
              new ECPublicKeyParameters(
                  new FixedPointCombMultiplier()
                      .multiply(ec.getParameters().getG(), ec.getD())
                      .normalize(),
                  ec.getParameters());
          case RSAPrivateCrtKeyParameters rsa ->
              new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
          case Ed25519PrivateKeyParameters ed -> ed.generatePublicKey();
          default ->
              throw new InvalidKeyException(
                  "unsupported private key type "
                      + info.getPrivateKeyAlgorithm().getAlgorithm()
                      + ": use EC P-256/P-384, RSA or Ed25519");
        };
    PublicKey publicKey;
    PrivateKey privateKey;
    try {
      publicKey =
          PublicKeys.fromDer(
              SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicParameters)
                  .getEncoded());
      privateKey =
          KeyFactory.getInstance(publicKey.getAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidKeyException(
          "the '" + what + "' holds a key this Java runtime cannot use: " + e.getMessage(), e);
    }
    return SigningKey.of(privateKey, publicKey);
  }

  /**
   * cosign signs with P-256 (SHA-256) and P-384 (SHA-384); other curves, secp256k1 among them,
   * would get a hash no verifier expects.
   */
  private static boolean isP256OrP384(ECPrivateKeyParameters ec) {
    return ec.getParameters() instanceof ECNamedDomainParameters named
        && (named.getName().equals(SECObjectIdentifiers.secp256r1)
            || named.getName().equals(SECObjectIdentifiers.secp384r1));
  }
}
