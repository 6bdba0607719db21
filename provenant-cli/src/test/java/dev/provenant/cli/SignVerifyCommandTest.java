package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code provenant sign} and {@code verify} with cosign key files, against the real registry. */
class SignVerifyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path dir;
  private final Map<String, String> environment =
      new HashMap<>(Map.of("COSIGN_PASSWORD", "s3cret"));
  private String key;
  private String pub;

  @BeforeEach
  void generateKeys() {
    CliResult generated =
        CliResult.runWithEnvironment(
            environment,
            "generate-key-pair",
            "--output-key-prefix",
            dir.resolve("release").toString());
    assertThat(generated.exitCode()).as(generated.err()).isZero();
    key = dir.resolve("release.key").toString();
    pub = dir.resolve("release.pub").toString();
  }

  @Test
  void signedImageVerifiesWithTheMatchingPublicKey() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "signed/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/signed/app:v1";

    CliResult signed =
        run("sign", "--allow-http-registry", "--format", "legacy", "--key", key, reference);
    CliResult verified =
        run("verify", "--allow-http-registry", "--insecure-ignore-tlog", "--key", pub, reference);

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.out())
        .contains(
            "Pushed signature to "
                + REGISTRY.address()
                + "/signed/app:sha256-"
                + image.hex()
                + ".sig");
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out())
        .contains("Verifying " + reference + "@" + image)
        .contains("ACCEPTED")
        .contains("Verified: 1 of 1 signature(s) accepted.");
  }

  @Test
  void bundleSignatureIsTheDefaultAndNeedsInsecureIgnoreTlogWithoutALogEntry() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "bundled/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/bundled/app:v1";

    CliResult signed = run("sign", "--allow-http-registry", "--key", key, reference);
    CliResult strict =
        run("verify", "--allow-http-registry", "-o", "json", "--key", pub, reference);
    CliResult offline =
        run("verify", "--allow-http-registry", "--insecure-ignore-tlog", "--key", pub, reference);

    assertThat(signed.exitCode()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("Pushed Sigstore bundle for " + reference + "@" + image);
    assertThat(strict.exitCode()).isEqualTo(1);
    JsonNode verdict = JSON.readTree(strict.out()).path("signatures").get(0);
    assertThat(verdict.path("source").asText()).startsWith("referrer sha256:");
    assertThat(verdict.path("reason").asText()).contains("no transparency log entry");
    assertThat(offline.exitCode()).as(offline.out()).isZero();
    assertThat(offline.out())
        .contains("predicate-type: predicate type https://sigstore.dev/cosign/sign/v1");
  }

  @Test
  void bothFormatsAreFoundAndEachIsCheckedOnItsOwn() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "both/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/both/app:v1";

    run("sign", "--allow-http-registry", "--format", "both", "--key", key, reference);
    CliResult verified =
        run("verify", "--allow-http-registry", "--insecure-ignore-tlog", "--key", pub, reference);

    assertThat(verified.exitCode()).isZero();
    assertThat(verified.out())
        .contains("ACCEPTED  tag sha256-")
        .contains("ACCEPTED  referrer sha256:")
        .contains("Verified: 2 of 2 signature(s) accepted.");
  }

  @Test
  void bundleForAnotherImageCopiedOntoThisOneIsRejected() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "copied/app", "a", Map.of("which", "a"));
    Digest b = TestImages.skopeoPush(REGISTRY.address(), "copied/app", "b", Map.of("which", "b"));
    run("sign", "--allow-http-registry", "--key", key, REGISTRY.address() + "/copied/app:a");
    // Re-point B's referrers tag at A's: B now "has" A's bundle.
    try (var client =
        dev.provenant.oci.registry.RegistryClient.builder(REGISTRY.address())
            .allowHttp(true)
            .credentials(dev.provenant.oci.registry.Credentials.anonymous())
            .build()) {
      Digest a = client.headManifest("copied/app", "a").orElseThrow().digest();
      var index = client.pullManifest("copied/app", "sha256-" + a.hex());
      client.pushManifest("copied/app", "sha256-" + b.hex(), index.bytes(), index.mediaType());
    }

    CliResult verified =
        run(
            "verify",
            "--allow-http-registry",
            "--insecure-ignore-tlog",
            "-o",
            "json",
            "--key",
            pub,
            REGISTRY.address() + "/copied/app:b");

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(verified.out()).path("signatures").get(0).path("reason").asText())
        .contains(b.toString());
  }

  @Test
  void legacySignatureWithoutALogEntryNeedsInsecureIgnoreTlog() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "offline/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/offline/app:v1";
    run("sign", "--allow-http-registry", "--format", "legacy", "--key", key, reference);

    CliResult strict =
        run("verify", "--allow-http-registry", "-o", "json", "--key", pub, reference);

    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(strict.out()).path("signatures").get(0).path("reason").asText())
        .contains("no transparency log entry")
        .contains("--insecure-ignore-tlog");
  }

  @Test
  void signingTwiceWithTheSameKeyPushesNothingTheSecondTime() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "twice/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/twice/app:v1";

    run("sign", "--allow-http-registry", "--format", "legacy", "--key", key, reference);
    CliResult again =
        run(
            "sign",
            "--allow-http-registry",
            "--format",
            "legacy",
            "--key",
            key,
            "-o",
            "json",
            reference);

    assertThat(again.exitCode()).isZero();
    assertThat(JSON.readTree(again.out()).path("signatures").get(0).path("appended").asBoolean())
        .isFalse();
  }

  @Test
  void anotherKeysSignatureIsRejectedWithTheReasonAndExitCodeOne() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "other/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/other/app:v1";
    run("sign", "--allow-http-registry", "--key", key, reference);
    CliResult otherKeys =
        CliResult.runWithEnvironment(
            environment,
            "generate-key-pair",
            "--output-key-prefix",
            dir.resolve("other").toString());
    assertThat(otherKeys.exitCode()).isZero();

    CliResult verified =
        run(
            "verify",
            "--allow-http-registry",
            "-o",
            "json",
            "--key",
            dir.resolve("other.pub").toString(),
            reference);

    assertThat(verified.exitCode()).isEqualTo(1);
    JsonNode json = JSON.readTree(verified.out());
    assertThat(json.path("verified").asBoolean()).isFalse();
    assertThat(json.path("signatures").get(0).path("accepted").asBoolean()).isFalse();
    assertThat(json.path("signatures").get(0).path("reason").asText()).isNotBlank();
  }

  @Test
  void unsignedImageIsNotVerified() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "unsigned/app", "v1", Map.of());

    CliResult verified =
        run(
            "verify",
            "--allow-http-registry",
            "--key",
            pub,
            REGISTRY.address() + "/unsigned/app:v1");

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out())
        .contains("no signatures found")
        .contains("Not verified: no signatures were found.");
  }

  @Test
  void tagRepointedToAnotherImageAfterSigningIsNotVerified() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "moved/app", "v1", Map.of("build", "1"));
    String reference = REGISTRY.address() + "/moved/app:v1";
    run("sign", "--allow-http-registry", "--key", key, reference);
    Digest other =
        TestImages.skopeoPush(REGISTRY.address(), "moved/app", "v1", Map.of("build", "2"));

    CliResult verified =
        run("verify", "--allow-http-registry", "--insecure-ignore-tlog", "--key", pub, reference);

    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out()).contains("@" + other).contains("Not verified");
  }

  @Test
  void cosignRepositoryKeepsSignaturesInAnotherRepository() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "elsewhere/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/elsewhere/app:v1";
    environment.put("COSIGN_REPOSITORY", REGISTRY.address() + "/signatures/store");

    CliResult signed =
        run("sign", "--allow-http-registry", "--format", "legacy", "--key", key, reference);
    CliResult withRepository =
        run("verify", "--allow-http-registry", "--insecure-ignore-tlog", "--key", pub, reference);
    environment.remove("COSIGN_REPOSITORY");
    CliResult withoutRepository =
        run("verify", "--allow-http-registry", "--insecure-ignore-tlog", "--key", pub, reference);

    assertThat(signed.out()).contains("/signatures/store:sha256-");
    assertThat(withRepository.exitCode()).isZero();
    assertThat(withoutRepository.exitCode()).isEqualTo(1);
  }

  @Test
  void wrongPasswordIsAnInputErrorAndPushesNothing() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "wrongpw/app", "v1", Map.of());
    environment.put("COSIGN_PASSWORD", "not-the-password");

    CliResult signed =
        run("sign", "--allow-http-registry", "--key", key, REGISTRY.address() + "/wrongpw/app:v1");

    assertThat(signed.exitCode()).isEqualTo(2);
    assertThat(signed.err()).contains("wrong password for " + key);
    environment.put("COSIGN_PASSWORD", "s3cret");
    CliResult verified =
        run(
            "verify",
            "--allow-http-registry",
            "--key",
            pub,
            REGISTRY.address() + "/wrongpw/app@" + image);
    assertThat(verified.out()).contains("no signatures found");
  }

  @Test
  void localLayoutCannotBeSignedAndSaysWhatToDo() {
    CliResult signed = run("sign", "--key", key, "oci:" + dir + ":v1");

    assertThat(signed.exitCode()).isEqualTo(2);
    assertThat(signed.err()).contains("signatures live in a registry");
  }

  private CliResult run(String... args) {
    return CliResult.runWithEnvironment(environment, args);
  }
}
