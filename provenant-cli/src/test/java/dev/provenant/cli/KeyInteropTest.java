package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.provenant.core.keys.CosignKeyFile;
import dev.provenant.core.keys.PrivateKeys;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SigningKey;
import dev.provenant.oci.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys against an independent implementation: what openssl makes, Provenant reads; what Provenant
 * signs with a key (cosign's or openssl's), openssl verifies.
 */
class KeyInteropTest {
  private static final byte[] DATA = "the artifact\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"pemsigstorekey.key", "pemcosignkey.key"})
  void keysCosignEncryptedDecryptAndSignWhatOpensslVerifies(String file) throws Exception {
    String pem = Files.readString(cosignTestKeys().resolve(file));

    SigningKey key = CosignKeyFile.decrypt(pem, "hello".toCharArray());

    assertThat(opensslVerifies(key, "-sha256")).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          PKCS#8 EC P-256 | PRIVATE KEY     | openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256
          PKCS#8 EC P-384 | PRIVATE KEY     | openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384
          SEC1 EC P-256   | EC PRIVATE KEY  | openssl ecparam -name prime256v1 -genkey -noout
          PKCS#8 RSA 2048 | PRIVATE KEY     | openssl genrsa 2048
          PKCS#1 RSA 2048 | RSA PRIVATE KEY | openssl genrsa -traditional 2048
          """)
  void opensslKeysParseWithOpensslsPublicKeyAndSignVerifiably(
      String description, String pemType, String command) throws Exception {
    Path pem = dir.resolve("key.pem");
    List<String> generate = new ArrayList<>(List.of(command.split(" ")));
    Files.writeString(pem, ExternalTools.run(generate));
    assertThat(Files.readString(pem)).startsWith("-----BEGIN " + pemType + "-----");

    SigningKey key = PrivateKeys.parsePem(Files.readString(pem));

    assertThat(PublicKeys.toPem(key.publicKey()))
        .isEqualTo(ExternalTools.run(List.of("openssl", "pkey", "-in", pem.toString(), "-pubout")));
    String digest = key.algorithm().startsWith("SHA384") ? "-sha384" : "-sha256";
    assertThat(opensslVerifies(key, digest)).isTrue();
  }

  @Test
  void opensslEd25519KeyParsesAndSignsVerifiably() throws Exception {
    Path pem = dir.resolve("ed.pem");
    ExternalTools.run(
        List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", pem.toString()));

    SigningKey key = PrivateKeys.parsePem(Files.readString(pem));

    Path pub = Files.writeString(dir.resolve("pub.pem"), PublicKeys.toPem(key.publicKey()));
    assertThat(Files.readString(pub))
        .isEqualTo(ExternalTools.run(List.of("openssl", "pkey", "-in", pem.toString(), "-pubout")));
    Path data = Files.write(dir.resolve("data"), DATA);
    Path signature = Files.write(dir.resolve("sig"), key.sign(DATA));
    String out =
        ExternalTools.run(
            List.of(
                "openssl",
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                pub.toString(),
                "-rawin",
                "-in",
                data.toString(),
                "-sigfile",
                signature.toString()));
    assertThat(out).contains("Signature Verified Successfully");
  }

  @Test
  void opensslRefusesASignatureByAnotherKey() throws Exception {
    SigningKey signer = SigningKey.generateEcP256();
    SigningKey other = SigningKey.generateEcP256();
    Path pub = Files.writeString(dir.resolve("pub.pem"), PublicKeys.toPem(other.publicKey()));
    Path data = Files.write(dir.resolve("data"), DATA);
    Path signature = Files.write(dir.resolve("sig"), signer.sign(DATA));

    ProcessBuilder verify =
        new ProcessBuilder(
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                pub.toString(),
                "-signature",
                signature.toString(),
                data.toString())
            .redirectErrorStream(true);
    Process process = verify.start();
    process.getInputStream().readAllBytes();

    assertThat(process.waitFor()).isEqualTo(1);
  }

  /** {@code openssl dgst -verify} of a signature {@code key} made over {@link #DATA}. */
  private boolean opensslVerifies(SigningKey key, String digest) throws Exception {
    Path pub = Files.writeString(dir.resolve("pub.pem"), PublicKeys.toPem(key.publicKey()));
    Path data = Files.write(dir.resolve("data"), DATA);
    Path signature = Files.write(dir.resolve("sig"), key.sign(DATA));
    String out =
        ExternalTools.run(
            List.of(
                "openssl",
                "dgst",
                digest,
                "-verify",
                pub.toString(),
                "-signature",
                signature.toString(),
                data.toString()));
    return out.strip().equals("Verified OK");
  }

  /**
   * cosign's test keys in {@code ../shared/testdata}; missing data fails on CI, skips elsewhere.
   */
  private static Path cosignTestKeys() {
    Path keys = ProjectRoot.path().resolve("../shared/testdata/cosign-keys").normalize();
    if (!Files.isDirectory(keys)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("test data " + keys + " is missing; CI must provide ../shared/testdata");
      }
      assumeTrue(false, "skipped: test data " + keys + " is missing (see ../shared/testdata)");
    }
    return keys;
  }
}
