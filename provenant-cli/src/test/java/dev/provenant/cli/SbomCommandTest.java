package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.testing.ExternalTools;
import dev.provenant.sbom.testing.SbomTestImages;
import dev.provenant.sbom.testing.Spdx23Checks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provenant sbom} end to end on an umoci layout and a skopeo docker-archive. */
class SbomCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static SbomTestImages.Image image;

  @BeforeAll
  static void buildImage() throws Exception {
    image = SbomTestImages.build(dir);
  }

  private static void assertValidCycloneDx16(String json) throws Exception {
    assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
        .isEmpty();
  }

  private static List<String> names(JsonNode root, String purlPrefix) {
    List<String> names = new ArrayList<>();
    for (JsonNode component : root.path("components")) {
      if (component.path("purl").asText().startsWith(purlPrefix)) {
        names.add(component.path("name").asText() + " " + component.path("version").asText());
      }
    }
    return names;
  }

  @Test
  void sbomOfAnOciLayoutListsEveryInstalledPackageAsValidCycloneDx() throws Exception {
    CliResult result = CliResult.run("sbom", image.location());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertValidCycloneDx16(result.out());
    JsonNode root = JSON.readTree(result.out());
    String skopeoRaw = ExternalTools.skopeoInspectRaw(image.location());
    String digest = Digest.sha256(skopeoRaw.getBytes(StandardCharsets.UTF_8)).toString();
    assertThat(root.path("metadata").path("component").path("version").asText()).isEqualTo(digest);
    assertThat(root.path("metadata").path("component").path("purl").asText())
        .isEqualTo("pkg:oci/image@" + digest.replace(":", "%3A"));
    List<String> expected = new ArrayList<>();
    SbomTestImages.installedPackages()
        .forEach((name, version) -> expected.add(name + " " + version));
    assertThat(names(root, "pkg:deb/")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(names(root, "pkg:apk/"))
        .containsExactly("busybox 1.36.1-r15", "musl 1.2.4_git20230717-r4");
    JsonNode first = root.path("components").get(0);
    assertThat(first.path("bom-ref").asText()).isEqualTo(first.path("purl").asText());
    assertThat(first.path("properties").toString())
        .contains("provenant:layer")
        .contains("provenant:location");
  }

  @Test
  void sbomOfADockerArchiveFromSkopeoWritesTheSameComponentsToAFile() throws Exception {
    Path archive = dir.resolve("image.docker.tar");
    ExternalTools.skopeoCopy(image.location(), "docker-archive:" + archive + ":example/app:v1");
    Path output = dir.resolve("sbom.json");

    CliResult fromLayout = CliResult.run("sbom", image.location());
    CliResult result =
        CliResult.run("sbom", "--output", output.toString(), "docker-archive:" + archive);

    assertThat(result.exitCode()).as(result.err()).isZero();
    String json = Files.readString(output);
    assertValidCycloneDx16(json);
    JsonNode root = JSON.readTree(json);
    JsonNode layoutRoot = JSON.readTree(fromLayout.out());
    assertThat(names(root, "pkg:")).isEqualTo(names(layoutRoot, "pkg:")).isNotEmpty();
  }

  @Test
  void sbomOfAnImageInARegistryNamesItsDigestAndListsTheSameComponents() throws Exception {
    try (dev.provenant.oci.testing.TestRegistry registry =
        dev.provenant.oci.testing.TestRegistry.start()) {
      String reference = registry.address() + "/sbom/app:v1";
      ExternalTools.skopeoCopy(image.location(), "docker://" + reference);
      String digest =
          "sha256:"
              + dev.provenant.core.digest.Digest.sha256(
                      ExternalTools.skopeoInspectRaw("docker://" + reference)
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  .hex();

      CliResult fromRegistry = CliResult.run("sbom", "--allow-http-registry", reference);
      CliResult fromLayout = CliResult.run("sbom", image.location());

      assertThat(fromRegistry.exitCode()).as(fromRegistry.err()).isZero();
      assertValidCycloneDx16(fromRegistry.out());
      JsonNode root = JSON.readTree(fromRegistry.out());
      assertThat(root.path("metadata").path("component").toString()).contains(digest.substring(7));
      assertThat(names(root, "pkg:")).isEqualTo(names(JSON.readTree(fromLayout.out()), "pkg:"));
    }
  }

  @Test
  void sbomOfADirectory() throws Exception {
    Path root = dir.resolve("rootfs");
    Files.createDirectories(root.resolve("lib/apk/db"));
    Files.writeString(root.resolve("lib/apk/db/installed"), SbomTestImages.APK_INSTALLED);

    CliResult result = CliResult.run("sbom", "dir:" + root);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertValidCycloneDx16(result.out());
    assertThat(names(JSON.readTree(result.out()), "pkg:apk/"))
        .containsExactly("busybox 1.36.1-r15", "musl 1.2.4_git20230717-r4");
  }

  @Test
  void unknownSourcePrefixIsAnInputError() {
    CliResult result = CliResult.run("sbom", "tarball:/tmp/image.tar");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("unknown source 'tarball:' in tarball:/tmp/image.tar; use a registry reference");
  }

  @Test
  void layerThatDoesNotMatchItsDigestExitsOne() throws Exception {
    Path copy = dir.resolve("tampered");
    ExternalTools.run(List.of("cp", "-r", image.layout().toString(), copy.toString()));
    JsonNode manifest =
        JSON.readTree(ExternalTools.skopeoInspectRaw("oci:" + copy + ":" + SbomTestImages.TAG));
    String layer = manifest.path("layers").get(2).path("digest").asText();
    Path blob = copy.resolve("blobs/sha256").resolve(layer.substring("sha256:".length()));
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 1;
    Files.write(blob, bytes);

    CliResult result = CliResult.run("sbom", "oci:" + copy + ":" + SbomTestImages.TAG);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("does not match its digest " + layer);
    assertThat(result.out()).isEmpty();
  }

  private static List<String> purls(JsonNode root, String arrayField) {
    List<String> purls = new ArrayList<>();
    for (JsonNode element : root.path(arrayField)) {
      if (element.has("purl")) {
        purls.add(element.path("purl").asText());
      }
      for (JsonNode ref : element.path("externalRefs")) {
        if (ref.path("referenceType").asText().equals("purl")) {
          purls.add(ref.path("referenceLocator").asText());
        }
      }
    }
    return purls;
  }

  @Test
  void spdxOfTheSameImageHasTheSamePackagesAsCycloneDxAndTheRequiredSpdx23Fields()
      throws Exception {
    CliResult cyclonedx = CliResult.run("sbom", image.location());
    CliResult spdx = CliResult.run("sbom", "--format", "spdx-json", image.location());

    assertThat(spdx.exitCode()).as(spdx.err()).isZero();
    JsonNode root = JSON.readTree(spdx.out());
    assertThat(Spdx23Checks.problems(root)).isEmpty();
    JsonNode cdx = JSON.readTree(cyclonedx.out());
    List<String> spdxPurls = purls(root, "packages");
    String subjectPurl = cdx.path("metadata").path("component").path("purl").asText();
    assertThat(spdxPurls.get(0)).isEqualTo(subjectPurl);
    assertThat(spdxPurls.subList(1, spdxPurls.size()))
        .containsExactlyElementsOf(purls(cdx, "components"))
        .isNotEmpty();
    assertThat(root.path("packages").size()).isEqualTo(cdx.path("components").size() + 1);

    JsonNode subject = root.path("packages").get(0);
    String digest = cdx.path("metadata").path("component").path("version").asText();
    assertThat(subject.path("versionInfo").asText()).isEqualTo(digest);
    assertThat(subject.path("primaryPackagePurpose").asText()).isEqualTo("CONTAINER");
    assertThat(subject.path("checksums").get(0).path("checksumValue").asText())
        .isEqualTo(digest.substring("sha256:".length()));
    assertThat(root.path("relationships").size()).isEqualTo(root.path("packages").size());

    // The apk licences are SPDX identifiers; every dpkg licence that is not goes to NOASSERTION
    // with its text in the comment.
    for (JsonNode p : root.path("packages")) {
      String purl = p.path("externalRefs").get(0).path("referenceLocator").asText();
      if (purl.startsWith("pkg:apk/alpine/musl@")) {
        assertThat(p.path("licenseDeclared").asText()).isEqualTo("MIT");
      }
      if (purl.startsWith("pkg:apk/alpine/busybox@")) {
        assertThat(p.path("licenseDeclared").asText()).isEqualTo("GPL-2.0-only");
      }
      if (p.path("licenseDeclared").asText().equals("NOASSERTION") && p.has("comment")) {
        assertThat(p.path("comment").asText()).startsWith("declared licences, not SPDX");
      }
      if (!p.path("SPDXID").asText().equals(subject.path("SPDXID").asText())) {
        assertThat(p.path("sourceInfo").asText()).contains("sha256:");
      }
    }
  }

  @Test
  void spdxIsDeterministicApartFromCreated() throws Exception {
    Path output = dir.resolve("sbom.spdx.json");
    CliResult first = CliResult.run("sbom", "--format", "spdx-json", image.location());
    Thread.sleep(1100);
    CliResult second =
        CliResult.run(
            "sbom", "--format", "spdx-json", "--output", output.toString(), image.location());

    assertThat(second.exitCode()).as(second.err()).isZero();
    ObjectNode a = (ObjectNode) JSON.readTree(first.out());
    ObjectNode b = (ObjectNode) JSON.readTree(Files.readString(output));
    assertThat(a.path("creationInfo").path("created").asText())
        .isNotEqualTo(b.path("creationInfo").path("created").asText());
    ((ObjectNode) a.path("creationInfo")).remove("created");
    ((ObjectNode) b.path("creationInfo")).remove("created");
    assertThat(a).isEqualTo(b);
  }
}
