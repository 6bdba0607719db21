package dev.provenant.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** cosign's encrypted key files: the ones cosign wrote, and the ones Provenant writes. */
class CosignKeyFileTest {
  private static final byte[] DATA = "provenant".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @ValueSource(strings = {"pemsigstorekey.key", "pemcosignkey.key"})
  void decryptsKeysCosignWroteIntoAP256KeyThatSignsVerifiably(String file) throws Exception {
    SigningKey key = CosignKeyFile.decrypt(CosignTestKeys.read(file), CosignTestKeys.PASSWORD);

    assertThat(key.algorithm()).isEqualTo("SHA256withECDSA");
    assertThat(SignatureVerifier.verify(key.publicKey(), DATA, key.sign(DATA))).isTrue();
  }

  @Test
  void wrongPasswordIsAWrongPasswordExceptionNotAMalformedFile() throws Exception {
    String pem = CosignTestKeys.read("pemsigstorekey.key");

    assertThatThrownBy(() -> CosignKeyFile.decrypt(pem, "hellO".toCharArray(), "cosign.key"))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessage(
            "wrong password for cosign.key: the key could not be decrypted (or the file was"
                + " changed after it was written)");
  }

  @Test
  void sec1PayloadIsRefusedAsCosignDoesWithAMessageSayingWhatToDo() throws Exception {
    String pem = CosignTestKeys.read("pemcosigneckey.key");

    assertThatThrownBy(() -> CosignKeyFile.decrypt(pem, CosignTestKeys.PASSWORD))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("SEC1 'EC PRIVATE KEY'")
        .hasMessageContaining("cosign refuses this file too")
        .hasMessageContaining("provenant import-key-pair --key FILE");
  }

  @Test
  void roundTripGivesBackTheSameKeyInCosignsCurrentFormat() throws Exception {
    SigningKey original = SigningKey.generateEcP256();
    char[] password = "correct horse ¿battery? staple".toCharArray();

    String pem = CosignKeyFile.encrypt(original, password);
    SigningKey decrypted = CosignKeyFile.decrypt(pem, password);

    assertThat(pem).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    assertThat(json(pem))
        .startsWith("{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":32768,\"r\":8,\"p\":1},")
        .contains("\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"");
    assertThat(decrypted.publicKey()).isEqualTo(original.publicKey());
    assertThat(decrypted.privateKey().getEncoded()).isEqualTo(original.privateKey().getEncoded());
  }

  @Test
  void emptyPasswordIsAllowedAsCosignAllowsIt() throws Exception {
    SigningKey original = SigningKey.generateEcP256();

    String pem = CosignKeyFile.encrypt(original, new char[0]);

    assertThat(CosignKeyFile.decrypt(pem, new char[0]).publicKey()).isEqualTo(original.publicKey());
    assertThatThrownBy(() -> CosignKeyFile.decrypt(pem, "x".toCharArray()))
        .isInstanceOf(WrongPasswordException.class);
  }

  @Test
  void eachEncryptionUsesAFreshSaltAndNonce() {
    SigningKey key = SigningKey.generateEcP256();

    assertThat(CosignKeyFile.encrypt(key, CosignTestKeys.PASSWORD))
        .isNotEqualTo(CosignKeyFile.encrypt(key, CosignTestKeys.PASSWORD));
  }

  @Test
  void changedCiphertextDoesNotOpen() throws Exception {
    String json = json(CosignTestKeys.read("pemsigstorekey.key"));
    Matcher ciphertext = Pattern.compile("\"ciphertext\":\"([^\"]+)\"").matcher(json);
    assertThat(ciphertext.find()).isTrue();
    byte[] box = Base64.getDecoder().decode(ciphertext.group(1));
    box[box.length - 1] ^= 1;
    String changed = json.replace(ciphertext.group(1), Base64.getEncoder().encodeToString(box));

    assertThatThrownBy(() -> CosignKeyFile.decrypt(pem(changed), CosignTestKeys.PASSWORD))
        .isInstanceOf(WrongPasswordException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not JSON                  | {"kdf":                                 | body is not valid JSON
          JSON array                | []                                      | body is not a JSON object
          unknown kdf               | {"kdf":{"name":"pbkdf2"}}               | unsupported kdf 'pbkdf2': only scrypt is known
          unknown cipher            | {"kdf":{"name":"scrypt"},"cipher":{"name":"aes"}} | unsupported cipher 'aes': only nacl/secretbox is known
          N missing                 | %s                                      | kdf.params.N is missing or not an integer
          N not a power of two      | N=1000                                  | kdf.params.N is 1000; it must be a power of two from 2 to 1048576
          N absurd                  | N=1073741824                            | kdf.params.N is 1073741824; it must be a power of two from 2 to 1048576
          memory absurd             | N=1048576                               | would need 1024 MiB for scrypt; at most 256 MiB is allowed
          p absurd                  | p=1000                                  | kdf.params.p is 1000; it must be from 1 to 16
          salt not base64           | salt=!!!                                | kdf.salt is not valid base64
          nonce short               | nonce=AAAA                              | cipher.nonce has 3 bytes; nacl/secretbox needs 24
          ciphertext not base64     | ciphertext=%%%                          | ciphertext is not valid base64
          ciphertext truncated      | ciphertext=AAAA                         | ciphertext has 3 bytes, fewer than the 16-byte Poly1305 tag
          """)
  void malformedFileIsAnInvalidKeyExceptionNamingTheProblem(
      String description, String change, String message) throws Exception {
    String valid = json(CosignTestKeys.read("pemsigstorekey.key"));
    String body = apply(valid, change);

    assertThatThrownBy(() -> CosignKeyFile.decrypt(pem(body), CosignTestKeys.PASSWORD))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining(message);
  }

  @Test
  void unencryptedPrivateKeyIsRefusedWithTheVerbThatImportsIt() {
    String pem =
        PemBlock.write("PRIVATE KEY", SigningKey.generateEcP256().privateKey().getEncoded());

    assertThatThrownBy(() -> CosignKeyFile.decrypt(pem, CosignTestKeys.PASSWORD))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage(
            "this is a 'PRIVATE KEY', not a cosign key file; make one from it with"
                + " 'provenant import-key-pair --key FILE'");
  }

  @Test
  void textWithoutAnyKeyIsRefused() {
    assertThatThrownBy(() -> CosignKeyFile.decrypt("hello", CosignTestKeys.PASSWORD))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage(
            "no PEM 'ENCRYPTED SIGSTORE PRIVATE KEY' or 'ENCRYPTED COSIGN PRIVATE KEY' block"
                + " found");
  }

  /** A change is literal JSON, {@code %s} (drop the params), or {@code field=value}. */
  private static String apply(String valid, String change) {
    if (change.startsWith("{") || change.startsWith("[")) {
      return change;
    }
    if (change.equals("%s")) {
      return valid.replaceFirst("\"params\":\\{[^}]*\\},", "");
    }
    String field = change.substring(0, change.indexOf('='));
    String value = change.substring(change.indexOf('=') + 1);
    return switch (field) {
      case "N", "r", "p" ->
          valid.replaceFirst("\"" + field + "\":[0-9]+", "\"" + field + "\":" + value);
      default ->
          valid.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"" + value + "\"");
    };
  }

  private static String json(String pem) throws InvalidKeyException {
    return new String(PemBlock.all(pem).getFirst().der(), StandardCharsets.UTF_8);
  }

  private static String pem(String json) {
    return PemBlock.write("ENCRYPTED SIGSTORE PRIVATE KEY", json.getBytes(StandardCharsets.UTF_8));
  }
}
