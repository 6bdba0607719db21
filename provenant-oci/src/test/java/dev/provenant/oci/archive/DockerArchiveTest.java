package dev.provenant.oci.archive;

import static dev.provenant.oci.archive.OciArchiveTest.assertLabelAndLayers;
import static dev.provenant.oci.testing.ExternalTools.skopeoCopy;
import static dev.provenant.oci.testing.ExternalTools.skopeoInspectRawBytes;
import static dev.provenant.oci.testing.ExternalTools.umociImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.testing.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerArchiveTest {
  @TempDir Path temp;

  @Test
  void synthesisesTheManifestSkopeoShowsByteForByte() throws Exception {
    Path layout = temp.resolve("layout");
    umociImage(layout, "v1", Map.of("org.opencontainers.image.revision", "abc"), "one");
    Path tar = temp.resolve("y.tar");
    skopeoCopy("oci:" + layout + ":v1", "docker-archive:" + tar + ":repo/name:tag");
    // skopeo 1.9 prints the synthesised manifest as-is: compact JSON, no trailing newline.
    byte[] skopeo = skopeoInspectRawBytes("docker-archive:" + tar);

    try (DockerArchive archive = DockerArchive.open(tar)) {
      assertThat(archive.repoTags()).containsExactly("docker.io/repo/name:tag");
      Digest digest = archive.resolveDefault();
      assertThat(digest).isEqualTo(Digest.sha256(skopeo));
      RawManifest manifest = archive.manifest(digest.toString());
      assertThat(new String(manifest.bytes(), StandardCharsets.UTF_8))
          .isEqualTo(new String(skopeo, StandardCharsets.UTF_8));
      assertThat(manifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
      assertThat(archive.manifest("repo/name:tag").digest()).isEqualTo(digest);
      assertThat(archive.manifest("docker.io/repo/name:tag").digest()).isEqualTo(digest);
      assertThat(archive.describe()).isEqualTo("docker-archive:" + tar);
      assertLabelAndLayers(archive, manifest, "org.opencontainers.image.revision", "abc");
    }
  }

  @Test
  void readsSeveralImagesWithLinkedAndCompressedLayersAsSkopeoDoes() throws Exception {
    Path tar = temp.resolve("two.tar");
    Files.write(tar, twoImageArchive());

    try (DockerArchive archive = DockerArchive.open(tar)) {
      assertThat(archive.repoTags()).containsExactly("a:1", "example.com/b/c:2");
      assertThatThrownBy(archive::resolveDefault)
          .isInstanceOfSatisfying(
              ImageAccessException.class,
              e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
          .hasMessage(
              "docker-archive:"
                  + tar
                  + " holds 2 images, so name one by tag; RepoTags: a:1, example.com/b/c:2");

      RawManifest a = archive.manifest("docker.io/library/a:1");
      assertThat(a.bytes()).isEqualTo(skopeoInspectRawBytes("docker-archive:" + tar + ":a:1"));
      assertLabelAndLayers(archive, a, "image", "a");

      RawManifest b = archive.manifest("example.com/b/c:2");
      assertThat(b.bytes())
          .isEqualTo(skopeoInspectRawBytes("docker-archive:" + tar + ":example.com/b/c:2"));
      assertLabelAndLayers(archive, b, "image", "b");
      ImageManifest parsed = (ImageManifest) b.parse();
      try (InputStream layer = archive.openBlob(parsed.layers().get(0).digest())) {
        assertThat(new String(layer.readAllBytes(), StandardCharsets.UTF_8)).contains("bee");
      }
    }
  }

  /**
   * skopeo 1.9 (containers/image up to at least 2026) takes a layer's size from the tar header of
   * the name manifest.json gives, so a layer reached through a symbolic link, as {@code docker
   * save} writes duplicate layers, is declared with size 0 although 2048 bytes are served
   * (containers/image#2963, containers/container-libs#605). Provenant declares the real size: a
   * manifest that lies about a size is not one to sign. The digests differ for such archives only.
   */
  @Test
  void symlinkedLayerIsDeclaredWithItsRealSizeWhereSkopeoSaysZero() throws Exception {
    byte[] layer = new TarBuilder().file("a.txt", "linked").build();
    Path tar = temp.resolve("linked.tar");
    Files.write(
        tar,
        new TarBuilder()
            .file(
                "manifest.json",
                "[{\"Config\":\"c.json\",\"RepoTags\":[\"l:1\"],\"Layers\":[\"id/layer.tar\"]}]")
            .file("c.json", config("l", Digest.sha256(layer)))
            .file("real.tar", layer)
            .symlink("id/layer.tar", "../real.tar")
            .build());
    String skopeo =
        new String(skopeoInspectRawBytes("docker-archive:" + tar), StandardCharsets.UTF_8);

    try (DockerArchive archive = DockerArchive.open(tar)) {
      RawManifest manifest = archive.manifest("l:1");
      assertThat(skopeo).contains("\"size\":0,\"digest\":\"" + Digest.sha256(layer));
      assertThat(new String(manifest.bytes(), StandardCharsets.UTF_8))
          .isEqualTo(skopeo.replace("\"size\":0,", "\"size\":" + layer.length + ","));
      assertLabelAndLayers(archive, manifest, "image", "l");
    }
  }

  @Test
  void layerThatAppearsTwiceIsListedTwiceAsSkopeoDoes() throws Exception {
    byte[] layer = new TarBuilder().file("a.txt", "twice").build();
    Digest diffId = Digest.sha256(layer);
    byte[] config =
        ("{\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId
                + "\",\""
                + diffId
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    Path tar = temp.resolve("twice.tar");
    Files.write(
        tar,
        new TarBuilder()
            .file(
                "manifest.json",
                "[{\"Config\":\"c.json\",\"RepoTags\":[\"t:1\"],\"Layers\":[\"l.tar\",\"l.tar\"]}]")
            .file("c.json", config)
            .file("l.tar", layer)
            .build());

    try (DockerArchive archive = DockerArchive.open(tar)) {
      RawManifest manifest = archive.manifest("t:1");
      assertThat(manifest.bytes()).isEqualTo(skopeoInspectRawBytes("docker-archive:" + tar));
      assertThat(((ImageManifest) manifest.parse()).layers()).hasSize(2);
    }
  }

  @Test
  void missingTagIsNotFoundListingTheRepoTags() throws Exception {
    Path tar = temp.resolve("two.tar");
    Files.write(tar, twoImageArchive());

    try (DockerArchive archive = DockerArchive.open(tar)) {
      assertThatThrownBy(() -> archive.manifest("a:2"))
          .isInstanceOfSatisfying(
              ImageAccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
          .hasMessage(
              "docker-archive:"
                  + tar
                  + " has no image tagged 'a:2'; RepoTags: a:1, example.com/b/c:2");
    }
  }

  @Test
  void archiveWithoutManifestJsonIsRefused() throws Exception {
    Path tar = temp.resolve("other.tar");
    Files.write(tar, new TarBuilder().file("readme.txt", "hello").build());

    assertThatThrownBy(() -> DockerArchive.open(tar))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessage(
            "docker-archive:" + tar + " has no manifest.json; is it a `docker save` archive?");
  }

  @Test
  void layerLinkThatClimbsOutOfTheArchiveIsRefused() throws Exception {
    byte[] config = config("evil", Digest.sha256(new byte[0]));
    Path tar = temp.resolve("evil.tar");
    Files.write(
        tar,
        new TarBuilder()
            .file(
                "manifest.json",
                "[{\"Config\":\"c.json\",\"RepoTags\":[\"e:1\"],\"Layers\":[\"x/layer.tar\"]}]")
            .file("c.json", config)
            .symlink("x/layer.tar", "../../../etc/passwd")
            .build());

    assertThatThrownBy(() -> DockerArchive.open(tar))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessageStartingWith(
            "docker-archive:"
                + tar
                + " has an entry named 'x/layer.tar -> ../../../etc/passwd' that points outside");
  }

  @Test
  void alteredLayerFailsIntegrity() throws Exception {
    byte[] layer = new TarBuilder().file("a.txt", "original").build();
    byte[] altered = new TarBuilder().file("a.txt", "modified").build();
    Path tar = temp.resolve("altered.tar");
    Files.write(
        tar,
        new TarBuilder()
            .file(
                "manifest.json",
                "[{\"Config\":\"c.json\",\"RepoTags\":[\"a:1\"],\"Layers\":[\"l.tar\"]}]")
            .file("c.json", config("a", Digest.sha256(layer)))
            .file("l.tar", altered)
            .build());

    try (DockerArchive archive = DockerArchive.open(tar)) {
      assertThatThrownBy(() -> archive.blob(Digest.sha256(layer), 1 << 20))
          .isInstanceOfSatisfying(
              ImageAccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INTEGRITY))
          .hasMessageStartingWith(
              "blob "
                  + Digest.sha256(layer)
                  + " in docker-archive:"
                  + tar
                  + " does not match its digest "
                  + Digest.sha256(layer)
                  + ": the content read hashes to "
                  + Digest.sha256(altered));
    }
  }

  /**
   * Two images as different Docker versions save them: one in the Docker 25+ layout ({@code
   * blobs/sha256/...}), one in the classic {@code <id>/layer.tar} layout with its layer stored
   * gzip-compressed (which containers/image also accepts).
   */
  private static byte[] twoImageArchive() throws Exception {
    byte[] layerA = new TarBuilder().file("a.txt", "ay").build();
    byte[] configA = config("a", Digest.sha256(layerA));
    byte[] layerB = new TarBuilder().file("b.txt", "bee").build();
    byte[] configB = config("b", Digest.sha256(layerB));
    ByteArrayOutputStream gzipB = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipB)) {
      gzip.write(layerB);
    }
    String blobA = "blobs/sha256/" + Digest.sha256(layerA).hex();
    String configAName = "blobs/sha256/" + Digest.sha256(configA).hex();
    String configBName = Digest.sha256(configB).hex() + ".json";
    String manifestJson =
        "[{\"Config\":\""
            + configAName
            + "\",\"RepoTags\":[\"a:1\"],\"Layers\":[\""
            + blobA
            + "\"]},{\"Config\":\""
            + configBName
            + "\",\"RepoTags\":[\"example.com/b/c:2\"],\"Layers\":[\"bid/layer.tar\"]}]";
    return new TarBuilder()
        .directory("blobs")
        .directory("blobs/sha256")
        .file(blobA, layerA)
        .file(configAName, configA)
        .directory("bid")
        .file("bid/layer.tar", gzipB.toByteArray())
        .file(configBName, configB)
        .file("manifest.json", manifestJson)
        .build();
  }

  private static byte[] config(String label, Digest diffId) {
    return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"image\":\""
            + label
            + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + diffId
            + "\"]}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
