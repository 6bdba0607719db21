package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.keys.CosignKeyFile;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.core.keys.WrongPasswordException;
import dev.provenant.oci.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate-key-pair} and {@code import-key-pair}: files, modes, passwords, refusals. */
class KeyPairCommandsTest {
  private static final PasswordSource HELLO =
      new PasswordSource(Map.of("COSIGN_PASSWORD", "hello"), () -> null);

  @TempDir Path dir;

  @Test
  void generateKeyPairWritesAnEncryptedOwnerOnlyKeyAndItsPublicKey() throws Exception {
    String prefix = dir.resolve("release").toString();

    CliResult result = CliResult.runWith(HELLO, "generate-key-pair", "--output-key-prefix", prefix);

    assertThat(result.exitCode()).isZero();
    assertThat(result.err())
        .isEqualTo(
            "Private key written to "
                + prefix
                + ".key\nPublic key written to "
                + prefix
                + ".pub\n");
    Path key = Path.of(prefix + ".key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    SigningKey decrypted = CosignKeyFile.decrypt(Files.readString(key), "hello".toCharArray());
    assertThat(PublicKeys.parsePem(Files.readString(Path.of(prefix + ".pub"))))
        .isEqualTo(decrypted.publicKey());
    assertThat(decrypted.algorithm()).isEqualTo("SHA256withECDSA");
  }

  @Test
  void publicKeyFileIsReadByOpenssl() throws Exception {
    String prefix = dir.resolve("k").toString();
    CliResult.runWith(HELLO, "generate-key-pair", "--output-key-prefix", prefix);

    String text =
        ExternalTools.run(List.of("openssl", "pkey", "-pubin", "-in", prefix + ".pub", "-text"));

    assertThat(text).contains("ASN1 OID: prime256v1");
  }

  @Test
  void keyDoesNotOpenWithAnotherPassword() throws Exception {
    String prefix = dir.resolve("k").toString();
    CliResult.runWith(HELLO, "generate-key-pair", "--output-key-prefix", prefix);

    String pem = Files.readString(Path.of(prefix + ".key"));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CosignKeyFile.decrypt(pem, "hell".toCharArray()))
        .isInstanceOf(WrongPasswordException.class);
  }

  @Test
  void jsonOutputNamesBothFiles() throws Exception {
    String prefix = dir.resolve("k").toString();

    CliResult result =
        CliResult.runWith(
            HELLO, "generate-key-pair", "--output-key-prefix", prefix, "--output", "json");

    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("privateKey").asText()).isEqualTo(prefix + ".key");
    assertThat(json.get("publicKey").asText()).isEqualTo(prefix + ".pub");
  }

  @Test
  void existingFilesAreNotOverwrittenWithoutForceAndStayByteIdentical() throws Exception {
    String prefix = dir.resolve("k").toString();
    CliResult.runWith(HELLO, "generate-key-pair", "--output-key-prefix", prefix);
    byte[] key = Files.readAllBytes(Path.of(prefix + ".key"));
    byte[] pub = Files.readAllBytes(Path.of(prefix + ".pub"));

    CliResult again = CliResult.runWith(HELLO, "generate-key-pair", "--output-key-prefix", prefix);

    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err())
        .isEqualTo(
            "provenant: error: "
                + prefix
                + ".key already exists; pass --force to overwrite it (nothing was written)\n");
    assertThat(Files.readAllBytes(Path.of(prefix + ".key"))).isEqualTo(key);
    assertThat(Files.readAllBytes(Path.of(prefix + ".pub"))).isEqualTo(pub);
  }

  @Test
  void existingPublicKeyAloneAlsoStopsTheWrite() throws Exception {
    String prefix = dir.resolve("k").toString();
    Files.writeString(Path.of(prefix + ".pub"), "mine");

    CliResult result = CliResult.runWith(HELLO, "generate-key-pair", "--output-key-prefix", prefix);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(Path.of(prefix + ".key")).doesNotExist();
    assertThat(Files.readString(Path.of(prefix + ".pub"))).isEqualTo("mine");
  }

  @Test
  void forceReplacesBothFilesAndTheKeyBecomesOwnerOnly() throws Exception {
    String prefix = dir.resolve("k").toString();
    Path key = Files.writeString(Path.of(prefix + ".key"), "old");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(Path.of(prefix + ".pub"), "old");

    CliResult result =
        CliResult.runWith(HELLO, "generate-key-pair", "--output-key-prefix", prefix, "--force");

    assertThat(result.exitCode()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(CosignKeyFile.decrypt(Files.readString(key), "hello".toCharArray())).isNotNull();
    assertThat(Files.readString(Path.of(prefix + ".pub"))).startsWith("-----BEGIN PUBLIC KEY");
  }

  @Test
  void noPasswordVariableAndNoTerminalIsAnErrorNamingCosignPassword() {
    String prefix = dir.resolve("k").toString();
    PasswordSource none = new PasswordSource(Map.of(), () -> null);

    CliResult result = CliResult.runWith(none, "generate-key-pair", "--output-key-prefix", prefix);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "provenant: error: no password: set COSIGN_PASSWORD (or PROVENANT_PASSWORD) to the"
                + " private key's password, or run on a terminal to be asked for it\n");
    assertThat(Path.of(prefix + ".key")).doesNotExist();
    assertThat(Path.of(prefix + ".pub")).doesNotExist();
  }

  @Test
  void provenantPasswordIsUsedWhenCosignPasswordIsUnsetAndCosignPasswordWins() throws Exception {
    String first = dir.resolve("a").toString();
    String second = dir.resolve("b").toString();

    CliResult.runWith(
        new PasswordSource(Map.of("PROVENANT_PASSWORD", "p"), () -> null),
        "generate-key-pair",
        "--output-key-prefix",
        first);
    CliResult.runWith(
        new PasswordSource(Map.of("PROVENANT_PASSWORD", "p", "COSIGN_PASSWORD", "c"), () -> null),
        "generate-key-pair",
        "--output-key-prefix",
        second);

    assertThat(CosignKeyFile.decrypt(Files.readString(Path.of(first + ".key")), "p".toCharArray()))
        .isNotNull();
    assertThat(CosignKeyFile.decrypt(Files.readString(Path.of(second + ".key")), "c".toCharArray()))
        .isNotNull();
  }

  @Test
  void emptyCosignPasswordIsAnEmptyPasswordNotAMissingOne() throws Exception {
    String prefix = dir.resolve("k").toString();

    CliResult result =
        CliResult.runWith(
            new PasswordSource(Map.of("COSIGN_PASSWORD", ""), () -> null),
            "generate-key-pair",
            "--output-key-prefix",
            prefix);

    assertThat(result.exitCode()).isZero();
    assertThat(CosignKeyFile.decrypt(Files.readString(Path.of(prefix + ".key")), new char[0]))
        .isNotNull();
  }

  @Test
  void terminalIsAskedTwiceForANewKey() throws Exception {
    String prefix = dir.resolve("k").toString();
    FakeTerminal terminal = new FakeTerminal("s3cret", "s3cret");

    CliResult result =
        CliResult.runWith(
            new PasswordSource(Map.of(), () -> terminal),
            "generate-key-pair",
            "--output-key-prefix",
            prefix);

    assertThat(result.exitCode()).isZero();
    assertThat(terminal.prompts)
        .containsExactly(
            "Enter password for private key: ", "Enter password for private key again: ");
    assertThat(
            CosignKeyFile.decrypt(
                Files.readString(Path.of(prefix + ".key")), "s3cret".toCharArray()))
        .isNotNull();
  }

  @Test
  void passwordsThatDoNotMatchWriteNothing() {
    String prefix = dir.resolve("k").toString();

    CliResult result =
        CliResult.runWith(
            new PasswordSource(Map.of(), () -> new FakeTerminal("one", "two")),
            "generate-key-pair",
            "--output-key-prefix",
            prefix);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo("provenant: error: the two passwords do not match; nothing was written\n");
    assertThat(Path.of(prefix + ".key")).doesNotExist();
  }

  @Test
  void existingKeyIsAskedForOnce() throws Exception {
    FakeTerminal terminal = new FakeTerminal("pw");

    char[] password = new PasswordSource(Map.of(), () -> terminal).forExistingKey();

    assertThat(password).containsExactly('p', 'w');
    assertThat(terminal.prompts).containsExactly("Enter password for private key: ");
  }

  @Test
  void importKeyPairWrapsAnOpensslKeyAndKeepsItsPublicKey() throws Exception {
    Path pem = dir.resolve("ec.pem");
    ExternalTools.run(
        List.of(
            "openssl",
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            pem.toString()));
    String opensslPublic =
        ExternalTools.run(List.of("openssl", "pkey", "-in", pem.toString(), "-pubout"));
    String prefix = dir.resolve("imported").toString();

    CliResult result =
        CliResult.runWith(
            HELLO, "import-key-pair", "--key", pem.toString(), "--output-key-prefix", prefix);

    assertThat(result.exitCode()).isZero();
    assertThat(Files.readString(Path.of(prefix + ".pub"))).isEqualTo(opensslPublic);
    SigningKey decrypted =
        CosignKeyFile.decrypt(Files.readString(Path.of(prefix + ".key")), "hello".toCharArray());
    assertThat(PublicKeys.toPem(decrypted.publicKey())).isEqualTo(opensslPublic);
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(prefix + ".key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void importKeyPairOfACosignKeyFileSaysItNeedsNoImport() throws Exception {
    Path key =
        Files.writeString(
            dir.resolve("cosign.key"),
            CosignKeyFile.encrypt(SigningKey.generateEcP256(), "x".toCharArray()));

    CliResult result =
        CliResult.runWith(
            HELLO,
            "import-key-pair",
            "--key",
            key.toString(),
            "--output-key-prefix",
            dir.resolve("out").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains(key + ": this is already an encrypted cosign key");
  }

  @Test
  void importKeyPairOfAMissingFileNamesIt() {
    Path missing = dir.resolve("missing.pem");

    CliResult result =
        CliResult.runWith(
            HELLO,
            "import-key-pair",
            "--key",
            missing.toString(),
            "--output-key-prefix",
            dir.resolve("out").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("provenant: error: " + missing + ": no such file\n");
  }

  @Test
  void importKeyPairRefusesRsaKeysBelow2048Bits() throws Exception {
    Path pem = dir.resolve("small.pem");
    ExternalTools.run(List.of("openssl", "genrsa", "-out", pem.toString(), "1024"));

    CliResult result =
        CliResult.runWith(
            HELLO,
            "import-key-pair",
            "--key",
            pem.toString(),
            "--output-key-prefix",
            dir.resolve("out").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "provenant: error: " + pem + ": the RSA key has 1024 bits; at least 2048 are needed\n");
  }

  /** Answers prompts from a script and records them. */
  private static final class FakeTerminal implements PasswordSource.Terminal {
    final List<String> prompts = new ArrayList<>();
    private final Deque<String> answers;

    FakeTerminal(String... answers) {
      this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public char[] readPassword(String prompt) {
      prompts.add(prompt);
      String answer = answers.poll();
      return answer == null ? null : answer.toCharArray();
    }
  }
}
