package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ManifestParser;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.Platform;
import dev.provenant.oci.layout.OciLayout;
import dev.provenant.oci.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provenant inspect} on local layouts and archives made by umoci and skopeo. */
class InspectLayoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void inspectsAnUmociLayoutToTheDigestSkopeoReports() throws Exception {
    Path layout = dir.resolve("layout");
    ExternalTools.umociImage(layout, "v1", Map.of("org.example.team", "payments"), "one");
    String skopeoRaw = ExternalTools.skopeoInspectRaw("oci:" + layout + ":v1");

    CliResult result = CliResult.run("inspect", "--output", "json", "oci:" + layout + ":v1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.path("digest").asText())
        .isEqualTo(Digest.sha256(skopeoRaw.getBytes(StandardCharsets.UTF_8)).toString());
    assertThat(json.path("reference").asText()).isEqualTo("oci:" + layout + ":v1");
    assertThat(json.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(json.path("labels").path("org.example.team").asText()).isEqualTo("payments");
    assertThat(json.path("created").asText()).isEqualTo("2024-01-02T03:04:05Z");
    assertThat(json.path("layers").asInt()).isEqualTo(1);
    assertThat(json.path("platforms").isArray()).isTrue();
    assertThat(json.path("annotations").isObject()).isTrue();
  }

  @Test
  void textOutputShowsDigestLabelsAndLayers() {
    Path example = ProjectRoot.path().resolve("examples/hello-layout");

    CliResult result = CliResult.run("inspect", "oci:" + example + ":1.0");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(
            "Digest:       sha256:8719a2e99f13dd7675304ef27df7b33af03c07072fe0806d664e07bfaee4df63")
        .contains("Labels:\n  org.opencontainers.image.revision=4f2a9c1e")
        .contains("Layers:       1 (");
  }

  @Test
  void indexListsPlatformsAndPlatformFlagSelectsOneImage() throws Exception {
    Path source = dir.resolve("source");
    ExternalTools.umociImage(source, "amd", Map.of("arch", "amd64"), "a");
    ExternalTools.umociImage(source, "arm", Map.of("arch", "arm64"), "b");
    OciLayout layout = OciLayout.open(source);
    Descriptor amd = descriptorOf(layout, "amd", new Platform("linux", "amd64", null));
    Descriptor arm = descriptorOf(layout, "arm", new Platform("linux", "arm64", "v8"));
    var index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.putArray("manifests").add(ManifestParser.toJson(amd)).add(ManifestParser.toJson(arm));
    byte[] indexBytes = JSON.writeValueAsBytes(index);
    layout.writeManifest(indexBytes, MediaTypes.OCI_INDEX, "multi");

    CliResult listed = CliResult.run("inspect", "--output", "json", "oci:" + source + ":multi");
    CliResult chosen =
        CliResult.run(
            "inspect", "--output", "json", "--platform", "linux/arm64", "oci:" + source + ":multi");

    JsonNode listedJson = JSON.readTree(listed.out());
    assertThat(listedJson.path("digest").asText()).isEqualTo(Digest.sha256(indexBytes).toString());
    assertThat(listedJson.path("platforms").findValuesAsText("platform"))
        .containsExactly("linux/amd64", "linux/arm64/v8");
    JsonNode chosenJson = JSON.readTree(chosen.out());
    assertThat(chosenJson.path("platformManifest").path("digest").asText())
        .isEqualTo(arm.digest().toString());
    assertThat(chosenJson.path("labels").path("arch").asText()).isEqualTo("arm64");
  }

  @Test
  void platformMissingFromIndexIsAnInputErrorNamingThePlatformsItHas() throws Exception {
    Path source = dir.resolve("source");
    ExternalTools.umociImage(source, "amd", Map.of(), "a");
    OciLayout layout = OciLayout.open(source);
    var index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index
        .putArray("manifests")
        .add(
            ManifestParser.toJson(
                descriptorOf(layout, "amd", new Platform("linux", "amd64", null))));
    layout.writeManifest(JSON.writeValueAsBytes(index), MediaTypes.OCI_INDEX, "multi");

    CliResult result =
        CliResult.run("inspect", "--platform", "windows/amd64", "oci:" + source + ":multi");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("has no image for platform windows/amd64; it has: linux/amd64");
  }

  @Test
  void inspectsArchivesWrittenBySkopeo() throws Exception {
    Path layout = dir.resolve("layout");
    ExternalTools.umociImage(layout, "v1", Map.of("k", "v"), "x");
    Path ociArchive = dir.resolve("image.oci.tar");
    Path dockerArchive = dir.resolve("image.docker.tar");
    ExternalTools.skopeoCopy("oci:" + layout + ":v1", "oci-archive:" + ociArchive + ":v1");
    ExternalTools.skopeoCopy(
        "oci:" + layout + ":v1", "docker-archive:" + dockerArchive + ":example/app:v1");

    CliResult fromOci = CliResult.run("inspect", "-o", "json", "oci-archive:" + ociArchive);
    CliResult fromDocker =
        CliResult.run("inspect", "-o", "json", "docker-archive:" + dockerArchive);

    assertThat(fromOci.exitCode()).as(fromOci.err()).isZero();
    assertThat(JSON.readTree(fromOci.out()).path("labels").path("k").asText()).isEqualTo("v");
    assertThat(fromDocker.exitCode()).as(fromDocker.err()).isZero();
    JsonNode docker = JSON.readTree(fromDocker.out());
    assertThat(docker.path("labels").path("k").asText()).isEqualTo("v");
    String skopeoRaw = ExternalTools.skopeoInspectRaw("docker-archive:" + dockerArchive);
    assertThat(docker.path("digest").asText())
        .isEqualTo(Digest.sha256(skopeoRaw.getBytes(StandardCharsets.UTF_8)).toString());
  }

  @Test
  void missingLayoutIsAnInputErrorWithoutStackTrace() {
    CliResult result = CliResult.run("inspect", "oci:" + dir.resolve("nothing-here"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("provenant: error: ").doesNotContain("\tat ");
  }

  @Test
  void invalidReferenceNamesTheOffendingCharacterAndExitsTwo() {
    CliResult result = CliResult.run("inspect", "--output", "json", "Registry.example.com/App:1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("invalid image reference 'Registry.example.com/App:1'")
        .contains("uppercase the character 'A'");
    assertThat(result.out()).contains("\"kind\" : \"invalid_input\"");
  }

  @Test
  void tamperedBlobInLayoutIsAnIntegrityFailureWithExitCodeOne() throws Exception {
    Path layout = dir.resolve("layout");
    ExternalTools.umociImage(layout, "v1", Map.of("k", "v"), "x");
    Digest config =
        ((dev.provenant.oci.image.ImageManifest) OciLayout.open(layout).manifest("v1").parse())
            .config()
            .digest();
    Path configFile = layout.resolve("blobs/sha256/" + config.hex());
    String original = Files.readString(configFile);
    Files.writeString(configFile, original.replace("\"k\":\"v\"", "\"k\":\"w\""));

    CliResult result = CliResult.run("inspect", "oci:" + layout + ":v1");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains(config.toString());
    assertThat(result.out()).doesNotContain("k=w");
  }

  private static Descriptor descriptorOf(OciLayout layout, String tag, Platform platform)
      throws Exception {
    var raw = layout.manifest(tag);
    return new Descriptor(
        raw.mediaType(), raw.digest(), raw.bytes().length, Map.of(), platform, null);
  }
}
