package dev.provenant.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unencrypted PEM private keys; the openssl-made ones are tested in the CLI's KeyInteropTest. */
class PrivateKeysTest {
  private static final byte[] DATA = "provenant".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "EC P-256, EC, secp256r1, SHA256withECDSA",
    "EC P-384, EC, secp384r1, SHA384withECDSA",
    "RSA 2048, RSA, 2048, SHA256withRSA",
    "Ed25519, Ed25519, , Ed25519"
  })
  void pkcs8KeyParsesWithItsPublicKeyDerivedAndSigns(
      String description, String algorithm, String parameter, String signature) throws Exception {
    KeyPair pair = generate(algorithm, parameter);

    SigningKey key =
        PrivateKeys.parsePem(PemBlock.write("PRIVATE KEY", pair.getPrivate().getEncoded()));

    assertThat(key.algorithm()).isEqualTo(signature);
    assertThat(key.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    assertThat(SignatureVerifier.verify(pair.getPublic(), DATA, key.sign(DATA))).isTrue();
  }

  @Test
  void curvesCosignDoesNotSignWithAreRefused() throws Exception {
    String pem =
        PemBlock.write("PRIVATE KEY", generate("EC", "secp521r1").getPrivate().getEncoded());

    assertThatThrownBy(() -> PrivateKeys.parsePem(pem))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("unsupported EC curve in the 'PRIVATE KEY': use P-256 or P-384");
  }

  @Test
  void cosignKeyFileNeedsNoImport() {
    String pem = CosignKeyFile.encrypt(SigningKey.generateEcP256(), "p".toCharArray());

    assertThatThrownBy(() -> PrivateKeys.parsePem(pem))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage(
            "this is already an encrypted cosign key ('ENCRYPTED SIGSTORE PRIVATE KEY'): it needs"
                + " no import; give it to --key as it is, with its password in COSIGN_PASSWORD");
  }

  @Test
  void encryptedPkcs8KeySaysHowToDecryptItFirst() {
    String pem = PemBlock.write("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00});

    assertThatThrownBy(() -> PrivateKeys.parsePem(pem))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageStartingWith("the 'ENCRYPTED PRIVATE KEY' is encrypted with a password;")
        .hasMessageContaining("provenant import-key-pair --key plain.pem");
  }

  @Test
  void legacyOpensslEncryptedKeyIsRecognisedByItsHeaders() {
    String pem =
        """
        -----BEGIN EC PRIVATE KEY-----
        Proc-Type: 4,ENCRYPTED
        DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF

        MAA=
        -----END EC PRIVATE KEY-----
        """;

    assertThatThrownBy(() -> PrivateKeys.parsePem(pem))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageStartingWith("the 'EC PRIVATE KEY' is encrypted with a password;");
  }

  @Test
  void publicKeyIsNotAPrivateKey() {
    String pem = PublicKeys.toPem(SigningKey.generateEcP256().publicKey());

    assertThatThrownBy(() -> PrivateKeys.parsePem(pem))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("no PEM private key block found; this is a public key: give the private key");
  }

  @Test
  void garbageInsideAPrivateKeyBlockIsNamed() {
    String pem = PemBlock.write("PRIVATE KEY", "not DER".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> PrivateKeys.parsePem(pem))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("the 'PRIVATE KEY' is not a DER PKCS#8 PrivateKeyInfo");
  }

  private static KeyPair generate(String algorithm, String parameter) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    switch (algorithm) {
      case "EC" -> generator.initialize(new ECGenParameterSpec(parameter));
      case "RSA" -> generator.initialize(Integer.parseInt(parameter));
      default -> {}
    }
    return generator.generateKeyPair();
  }
}
