package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.oci.testing.TestImages;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code provenant attest} and {@code verify-attestation} with a cosign key pair against Debian's
 * docker-registry, in both storage schemes, with cosign's own test predicates.
 */
class AttestCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PASSWORD = Map.of("COSIGN_PASSWORD", "s3cret");

  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path dir;
  private String key;
  private String pub;

  @BeforeEach
  void generateKeys() {
    CliResult generated =
        CliResult.runWithEnvironment(
            PASSWORD, "generate-key-pair", "--output-key-prefix", dir.resolve("att").toString());
    assertThat(generated.exitCode()).as(generated.err()).isZero();
    key = dir.resolve("att.key").toString();
    pub = dir.resolve("att.pub").toString();
  }

  static Path predicate(String name) {
    try {
      return Path.of(AttestCommandTest.class.getResource("/predicates/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void keyedAttestationsInBothFormatsVerifyWithTheirPredicates() throws Exception {
    Digest image = TestImages.skopeoPush(REGISTRY.address(), "attest/app", "v1", Map.of());
    String reference = REGISTRY.address() + "/attest/app:v1";

    CliResult vuln =
        attest("--format", "legacy", "--type", "vuln", "vuln-predicate.json", reference);
    CliResult bom = attest("--type", "cyclonedx", "bom-go-mod.cyclonedx.json", reference);
    CliResult tests =
        attest(
            "--format",
            "both",
            "--type",
            "https://in-toto.io/attestation/test-result/v0.1",
            "test-result.json",
            reference);
    CliResult verified = verifyAttestation("-o", "json", reference);
    CliResult text = verifyAttestation(reference);

    assertThat(vuln.exitCode()).as(vuln.err()).isZero();
    assertThat(vuln.out())
        .contains(
            "Pushed attestation (https://cosign.sigstore.dev/attestation/vuln/v1) to "
                + REGISTRY.address()
                + "/attest/app:sha256-"
                + image.hex()
                + ".att (layer 1)");
    assertThat(bom.exitCode()).as(bom.err()).isZero();
    assertThat(bom.out())
        .contains("Pushed attestation (https://cyclonedx.org/bom) for " + reference);
    assertThat(tests.exitCode()).as(tests.err()).isZero();
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    JsonNode report = JSON.readTree(verified.out());
    List<String> types = new ArrayList<>();
    for (JsonNode attestation : report.path("attestations")) {
      assertThat(attestation.path("accepted").asBoolean()).as(attestation.toString()).isTrue();
      types.add(attestation.path("predicateType").asText());
    }
    assertThat(types)
        .containsExactlyInAnyOrder(
            "https://cosign.sigstore.dev/attestation/vuln/v1",
            "https://in-toto.io/attestation/test-result/v0.1",
            "https://cyclonedx.org/bom",
            "https://in-toto.io/attestation/test-result/v0.1");
    JsonNode vulnPredicate = predicateOf(report, "https://cosign.sigstore.dev/attestation/vuln/v1");
    assertThat(vulnPredicate)
        .isEqualTo(JSON.readTree(Files.readAllBytes(predicate("vuln-predicate.json"))));
    assertThat(predicateOf(report, "https://cyclonedx.org/bom").path("bomFormat").asText())
        .isEqualTo("CycloneDX");
    assertThat(text.out())
        .contains("[ok] predicate-type: predicate type https://cyclonedx.org/bom")
        .contains("[ok] subject-digest: the statement names " + image)
        .contains("Verified: 4 of 4");
  }

  @Test
  void typeFilterSelectsAndAWrongTypeFindsNothing() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "attest/typed", "v1", Map.of());
    String reference = REGISTRY.address() + "/attest/typed:v1";
    assertThat(attest("--type", "vuln", "vuln-predicate.json", reference).exitCode()).isZero();
    assertThat(
            attest("--format", "legacy", "--type", "vuln", "vuln-predicate.json", reference)
                .exitCode())
        .isZero();

    CliResult vuln = verifyAttestation("-o", "json", "--type", "vuln", reference);
    CliResult wrong = verifyAttestation("--type", "slsaprovenance", reference);

    assertThat(vuln.exitCode()).as(vuln.err()).isZero();
    assertThat(JSON.readTree(vuln.out()).path("attestations")).hasSize(2);
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .contains("no attestation of type https://slsa.dev/provenance/v1 for " + reference);
  }

  @Test
  void attestationOfAnotherImageCopiedOntoThisOneIsRejectedNamingTheDigests() throws Exception {
    Digest other = TestImages.skopeoPush(REGISTRY.address(), "attest/copy", "other", Map.of());
    Digest victim =
        TestImages.skopeoPush(REGISTRY.address(), "attest/copy", "victim", Map.of("v", "2"));
    String otherRef = REGISTRY.address() + "/attest/copy:other";
    assertThat(
            attest("--format", "legacy", "--type", "vuln", "vuln-predicate.json", otherRef)
                .exitCode())
        .isZero();
    try (RegistryClient client =
        RegistryClient.builder(REGISTRY.address()).allowHttp(true).build()) {
      RawManifest att = client.pullManifest("attest/copy", "sha256-" + other.hex() + ".att");
      client.pushManifest(
          "attest/copy", "sha256-" + victim.hex() + ".att", att.bytes(), MediaTypes.OCI_MANIFEST);
    }

    CliResult verified =
        verifyAttestation("-o", "json", REGISTRY.address() + "/attest/copy:victim");

    assertThat(verified.exitCode()).isEqualTo(1);
    JsonNode attestation = JSON.readTree(verified.out()).path("attestations").get(0);
    assertThat(attestation.path("reason").asText())
        .isEqualTo(
            "the statement names "
                + other
                + ", the image is "
                + victim
                + ": it attests another artifact");
    assertThat(attestation.has("predicate")).isFalse();
  }

  @Test
  void withoutInsecureIgnoreTlogAnOfflineAttestationIsRejected() throws Exception {
    TestImages.skopeoPush(REGISTRY.address(), "attest/strict", "v1", Map.of());
    String reference = REGISTRY.address() + "/attest/strict:v1";
    attest("--type", "vuln", "vuln-predicate.json", reference);
    attest("--format", "legacy", "--type", "vuln", "vuln-predicate.json", reference);

    CliResult strict =
        CliResult.runWithEnvironment(
            Map.of(), "verify-attestation", "--allow-http-registry", "--key", pub, reference);

    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out())
        .contains("the bundle has no transparency log entry")
        .contains("give --insecure-ignore-tlog");
  }

  @Test
  void predicateThatIsNotJsonIsRefusedBeforeAnythingIsSigned() throws Exception {
    Path notJson = dir.resolve("notes.txt");
    Files.writeString(notJson, "passed: yes\n");

    CliResult refused =
        CliResult.runWithEnvironment(
            PASSWORD,
            "attest",
            "--allow-http-registry",
            "--key",
            key,
            "--type",
            "custom",
            "--predicate",
            notJson.toString(),
            REGISTRY.address() + "/attest/none:v1");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("predicate file " + notJson + " is not JSON");
  }

  @Test
  void unknownShortTypeIsRefusedListingTheKnownOnes() {
    CliResult refused =
        CliResult.runWithEnvironment(
            PASSWORD,
            "attest",
            "--allow-http-registry",
            "--key",
            key,
            "--type",
            "sbom",
            "--predicate",
            predicate("test-result.json").toString(),
            REGISTRY.address() + "/attest/none:v1");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains("unknown predicate type 'sbom'")
        .contains(
            "slsaprovenance, slsaprovenance1, slsaprovenance02, cyclonedx, spdx, spdxjson, link,"
                + " vuln, openvex, vsa, custom");
  }

  private static JsonNode predicateOf(JsonNode report, String type) {
    for (JsonNode attestation : report.path("attestations")) {
      if (type.equals(attestation.path("predicateType").asText())) {
        return attestation.path("predicate");
      }
    }
    throw new AssertionError("no attestation of type " + type + " in " + report);
  }

  private CliResult attest(String... args) {
    List<String> all = new ArrayList<>(List.of("attest", "--allow-http-registry", "--key", key));
    for (int i = 0; i < args.length; i++) {
      if (args[i].endsWith(".json")) {
        all.add("--predicate");
        all.add(predicate(args[i]).toString());
      } else {
        all.add(args[i]);
      }
    }
    return CliResult.runWithEnvironment(PASSWORD, all.toArray(String[]::new));
  }

  private CliResult verifyAttestation(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "verify-attestation",
                "--allow-http-registry",
                "--insecure-ignore-tlog",
                "--key",
                pub));
    all.addAll(List.of(args));
    return CliResult.runWithEnvironment(Map.of(), all.toArray(String[]::new));
  }
}
