package dev.provenant.oci.layout;

import static dev.provenant.oci.testing.ExternalTools.run;
import static dev.provenant.oci.testing.ExternalTools.skopeoInspectRawBytes;
import static dev.provenant.oci.testing.ExternalTools.umociImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.ManifestParser;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void readsUmociImageByTagAndByDigestWithTheDigestSkopeoSees() throws Exception {
    Path dir = temp.resolve("layout");
    umociImage(dir, "v1", Map.of("org.opencontainers.image.revision", "abc123"), "one");

    try (OciLayout layout = OciLayout.open(dir)) {
      Descriptor inIndex = layout.index().manifests().get(0);
      RawManifest byTag = layout.manifest("v1");
      byte[] skopeoBytes = skopeoInspectRawBytes("oci:" + dir + ":v1");

      assertThat(byTag.digest()).isEqualTo(inIndex.digest()).isEqualTo(Digest.sha256(skopeoBytes));
      assertThat(byTag.bytes()).isEqualTo(skopeoBytes);
      assertThat(byTag.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
      assertThat(layout.resolveDefault()).isEqualTo(byTag.digest());

      RawManifest byDigest = layout.manifest(byTag.digest().toString());
      assertThat(byDigest.bytes()).isEqualTo(byTag.bytes());
      assertThat(byDigest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);

      ImageManifest manifest = (ImageManifest) byTag.parse();
      Digest config = manifest.config().digest();
      assertThat(ManifestParser.parseConfig(layout.blob(config, 1 << 20), config).labels())
          .containsEntry("org.opencontainers.image.revision", "abc123");
      Digest layer = manifest.layers().get(0).digest();
      try (InputStream in = layout.openBlob(layer)) {
        assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(layer);
      }
    }
  }

  @Test
  void layoutWrittenByProvenantIsAcceptedBySkopeoAndUmoci() throws Exception {
    Path dir = temp.resolve("written");
    OciLayout layout = OciLayout.create(dir);
    Digest manifestDigest = writeImage(layout, "v1", "hello from provenant\n", "b");

    JsonNode inspected = JSON.readTree(run(List.of("skopeo", "inspect", "oci:" + dir + ":v1")));
    assertThat(inspected.path("Labels").path("built-by").asText()).isEqualTo("b");
    assertThat(Digest.sha256(skopeoInspectRawBytes("oci:" + dir + ":v1")))
        .isEqualTo(manifestDigest);
    assertThat(run(List.of("umoci", "stat", "--image", dir + ":v1"))).contains("LAYER");

    Path bundle = temp.resolve("bundle");
    run(List.of("umoci", "unpack", "--rootless", "--image", dir + ":v1", bundle.toString()));
    assertThat(bundle.resolve("rootfs/hello.txt")).hasContent("hello from provenant");
  }

  @Test
  void writingTheSameTagTwiceReplacesItsEntry() throws Exception {
    Path dir = temp.resolve("retag");
    OciLayout layout = OciLayout.create(dir);
    writeImage(layout, "v1", "first", "a");
    writeImage(layout, "other", "other", "a");
    Digest second = writeImage(layout, "v1", "second", "a");

    List<Descriptor> entries = layout.index().manifests();
    assertThat(entries).hasSize(2);
    assertThat(layout.manifest("v1").digest()).isEqualTo(second);
    assertThat(run(List.of("umoci", "ls", "--layout", dir.toString())).lines())
        .containsExactlyInAnyOrder("v1", "other");
  }

  @Test
  void rewritingABlobIsIdempotent() throws Exception {
    Path dir = temp.resolve("idempotent");
    OciLayout layout = OciLayout.create(dir);
    byte[] content = "same bytes".getBytes(StandardCharsets.UTF_8);

    Descriptor first = layout.writeBlob(content, "application/octet-stream");
    Path file = dir.resolve("blobs/sha256").resolve(first.digest().hex());
    var modified = Files.getLastModifiedTime(file);
    Descriptor again = layout.writeBlob(content, "application/octet-stream");
    Descriptor streamed =
        layout.writeBlob(new ByteArrayInputStream(content), "application/octet-stream");

    assertThat(again).isEqualTo(first).isEqualTo(streamed);
    assertThat(first.digest()).isEqualTo(Digest.sha256(content));
    assertThat(first.size()).isEqualTo(content.length);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
    assertThat(file).hasBinaryContent(content);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("oci-layout", "index.json", "blobs");
    }
  }

  @Test
  void createOnAnExistingLayoutKeepsItsImages() throws Exception {
    Path dir = temp.resolve("existing");
    umociImage(dir, "v1", Map.of(), "x");

    OciLayout layout = OciLayout.create(dir);

    assertThat(layout.index().manifests()).hasSize(1);
  }

  @Test
  void createRefusesANonEmptyDirectoryThatIsNotALayout() throws Exception {
    Files.writeString(temp.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> OciLayout.create(temp))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessage(
            "cannot create an OCI image layout in "
                + temp
                + ": the directory is not empty and has no oci-layout file; choose a new or empty"
                + " directory");
  }

  @Test
  void resolveDefaultListsTheTagsWhenTheLayoutHoldsSeveralImages() throws Exception {
    Path dir = temp.resolve("two");
    umociImage(dir, "alpha", Map.of(), "a");
    umociImage(dir, "beta", Map.of(), "b");
    OciLayout layout = OciLayout.open(dir);

    assertThatThrownBy(layout::resolveDefault)
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessage(
            "oci:"
                + dir
                + " holds 2 images, so name one by tag or digest; available tags: alpha,"
                + " beta");
  }

  @Test
  void missingTagIsNotFoundAndListsTheTagsThereAre() throws Exception {
    Path dir = temp.resolve("tags");
    umociImage(dir, "v1", Map.of(), "a");
    OciLayout layout = OciLayout.open(dir);

    assertThatThrownBy(() -> layout.manifest("v2"))
        .isInstanceOfSatisfying(
            ImageAccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
        .hasMessage("oci:" + dir + " has no image tagged 'v2'; available tags: v1");
  }

  @Test
  void alteredBlobFailsIntegrityAndIsLeftAsItWas() throws Exception {
    Path dir = temp.resolve("altered");
    umociImage(dir, "v1", Map.of("a", "b"), "a");
    OciLayout layout = OciLayout.open(dir);
    ImageManifest manifest = (ImageManifest) layout.manifest("v1").parse();
    Digest config = manifest.config().digest();
    Path file = dir.resolve("blobs/sha256").resolve(config.hex());
    byte[] tampered =
        Files.readString(file)
            .replace("\"a\":\"b\"", "\"a\":\"c\"")
            .getBytes(StandardCharsets.UTF_8);
    Files.write(file, tampered);

    assertThatThrownBy(() -> layout.blob(config, 1 << 20))
        .isInstanceOfSatisfying(
            ImageAccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INTEGRITY))
        .hasMessageStartingWith(
            "blob " + config + " in oci:" + dir + " does not match its digest: the file " + file)
        .hasMessageContaining("Provenant left it as it is");
    assertThat(file).hasBinaryContent(tampered);
    try (InputStream in = layout.openBlob(config)) {
      assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("does not match its digest " + config);
    }
  }

  @Test
  void alteredManifestFailsIntegrity() throws Exception {
    Path dir = temp.resolve("altered-manifest");
    umociImage(dir, "v1", Map.of(), "a");
    OciLayout layout = OciLayout.open(dir);
    Digest digest = layout.resolveDefault();
    Path file = dir.resolve("blobs/sha256").resolve(digest.hex());
    Files.writeString(file, Files.readString(file).replace("\n", " \n"));

    assertThatThrownBy(() -> layout.manifest("v1"))
        .isInstanceOfSatisfying(
            ImageAccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INTEGRITY))
        .hasMessageStartingWith("manifest " + digest + " in oci:" + dir + " does not match");
  }

  @Test
  void directoryWithoutAnOciLayoutFileIsRefused() throws Exception {
    Files.writeString(temp.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");

    assertThatThrownBy(() -> OciLayout.open(temp))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessageStartingWith(
            "not an OCI image layout: " + temp + " has no oci-layout file; create one with");
  }

  @Test
  void invalidIndexJsonIsReportedAsTheLayoutsIndex() throws Exception {
    Path dir = temp.resolve("bad-index");
    OciLayout layout = OciLayout.create(dir);
    Files.writeString(dir.resolve("index.json"), "{\"manifests\":[]}");

    assertThatThrownBy(layout::index)
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessageStartingWith("the index.json of oci:" + dir + " is invalid: ")
        .hasMessageContaining("schemaVersion")
        .hasMessageEndingWith("; repair or recreate it");
  }

  @Test
  void missingDirectoryIsNotFound() {
    Path dir = temp.resolve("absent");

    assertThatThrownBy(() -> OciLayout.open(dir))
        .isInstanceOfSatisfying(
            ImageAccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
        .hasMessage("no OCI image layout at " + dir + ": the directory does not exist");
  }

  @Test
  void writeManifestRefusesAMediaTypeTheDocumentContradicts() throws Exception {
    OciLayout layout = OciLayout.create(temp.resolve("mismatch"));
    byte[] index =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> layout.writeManifest(index, MediaTypes.OCI_MANIFEST, "v1"))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessageStartingWith(
            "the manifest declares mediaType "
                + MediaTypes.OCI_INDEX
                + " but is being written as "
                + MediaTypes.OCI_MANIFEST);
  }

  /** Writes a one-layer image whose only file is {@code hello.txt}, and returns its digest. */
  static Digest writeImage(OciLayout layout, String tag, String hello, String builtBy)
      throws Exception {
    byte[] tar = new TarBuilder().file("hello.txt", hello).build();
    byte[] gzipped = new TarBuilder().file("hello.txt", hello).buildGzip();
    Descriptor layer =
        layout.writeBlob(new ByteArrayInputStream(gzipped), MediaTypes.OCI_LAYER_GZIP);
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-02T03:04:05Z\","
            + "\"config\":{\"Labels\":{\"built-by\":\""
            + builtBy
            + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + Digest.sha256(tar)
            + "\"]},\"history\":[{\"created\":\"2024-01-02T03:04:05Z\"}]}";
    Descriptor configBlob =
        layout.writeBlob(config.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_CONFIG);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + ManifestParser.toJson(configBlob)
            + ",\"layers\":["
            + ManifestParser.toJson(layer)
            + "]}";
    return layout
        .writeManifest(manifest.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST, tag)
        .digest();
  }
}
