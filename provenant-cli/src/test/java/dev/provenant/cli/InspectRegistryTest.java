package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.testing.ExternalTools;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.oci.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code provenant inspect} against Debian's docker-registry, with images skopeo pushed. */
class InspectRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @Test
  void inspectsSkopeoPushedImageToTheDigestSkopeoReports() throws Exception {
    Digest pushed =
        TestImages.skopeoPush(
            REGISTRY.address(), "team/app", "v1", Map.of("org.example.build", "42"));
    String reference = REGISTRY.address() + "/team/app:v1";

    CliResult result = CliResult.run("inspect", "--allow-http-registry", "-o", "json", reference);

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.path("reference").asText()).isEqualTo(reference);
    assertThat(json.path("digest").asText()).isEqualTo(pushed.toString());
    assertThat(json.path("labels").path("org.example.build").asText()).isEqualTo("42");
    assertThat(json.path("layers").asInt()).isEqualTo(1);
  }

  @Test
  void inspectByDigestGivesTheSameManifest() throws Exception {
    Digest pushed = TestImages.skopeoPush(REGISTRY.address(), "bydigest", "v1", Map.of());

    CliResult result =
        CliResult.run(
            "inspect", "--allow-http-registry", REGISTRY.address() + "/bydigest@" + pushed);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Digest:       " + pushed);
  }

  @Test
  void httpsIsTheDefaultAndThePlainHttpRegistryIsRefusedWithTheFlagToUse() {
    CliResult result = CliResult.run("inspect", REGISTRY.address() + "/team/app:v1");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).contains("--allow-http-registry").doesNotContain("\tat ");
  }

  @Test
  void missingTagIsAnInputErrorCarryingTheRegistryErrorCode() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "present", "v1", Map.of());

    CliResult result =
        CliResult.run(
            "inspect", "--allow-http-registry", "-o", "json", REGISTRY.address() + "/present:v2");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("MANIFEST_UNKNOWN");
    assertThat(JSON.readTree(result.out()).path("error").path("kind").asText())
        .isEqualTo("not_found");
  }

  @Test
  void unreachableRegistryExitsThree() throws Exception {
    int closedPort = TestRegistry.freePort();

    CliResult result =
        CliResult.run("inspect", "--allow-http-registry", "127.0.0.1:" + closedPort + "/app:v1");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).startsWith("provenant: error: ").contains("connection refused");
  }

  @Test
  void manifestAlteredInRegistryStorageIsAnIntegrityFailureWithExitCodeOne() throws Exception {
    Digest pushed = TestImages.skopeoPush(REGISTRY.address(), "tampered", "v1", Map.of("k", "v"));
    Path stored = REGISTRY.registry().blobFile(pushed.toString());
    String original = Files.readString(stored);
    Files.writeString(stored, original.replace("\"schemaVersion\":2", "\"schemaVersion\": 2"));

    CliResult result =
        CliResult.run(
            "inspect", "--allow-http-registry", REGISTRY.address() + "/tampered@" + pushed);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains(pushed.toString());
    assertThat(result.out()).isEmpty();
  }

  @Test
  void badPasswordIsAnInputErrorThatNamesTheCredentialFlags() throws Exception {
    try (TestRegistry guarded = TestRegistry.withBasicAuth("alice", "correct-horse")) {
      CliResult ok =
          CliResult.run(
              "inspect",
              "--allow-http-registry",
              "--registry-username",
              "alice",
              "--registry-password",
              "correct-horse",
              guarded.address() + "/nothing:v1");
      CliResult bad =
          CliResult.run(
              "inspect",
              "--allow-http-registry",
              "--registry-username",
              "alice",
              "--registry-password",
              "wrong",
              guarded.address() + "/nothing:v1");

      assertThat(ok.err()).contains("MANIFEST_UNKNOWN"); // authenticated, the tag just is not there
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains("--registry-username").doesNotContain("wrong");
    }
  }

  @Test
  void untrustedCertificateIsRefusedUnlessAllowInsecureRegistryIsGiven() throws Exception {
    try (TestRegistry tls = TestRegistry.withSelfSignedTls()) {
      String reference = tls.address() + "/secure/app:v1";
      ExternalTools.skopeoCopy(
          "oci:" + ProjectRoot.path().resolve("examples/hello-layout") + ":1.0",
          "docker://" + reference);

      CliResult refused = CliResult.run("inspect", reference);
      CliResult allowed = CliResult.run("inspect", "--allow-insecure-registry", reference);

      assertThat(refused.exitCode()).isEqualTo(3);
      assertThat(refused.err()).contains("--allow-insecure-registry").doesNotContain("\tat ");
      assertThat(allowed.exitCode()).as(allowed.err()).isZero();
      assertThat(allowed.out())
          .contains("sha256:8719a2e99f13dd7675304ef27df7b33af03c07072fe0806d664e07bfaee4df63");
    }
  }
}
