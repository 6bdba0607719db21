package dev.provenant.oci.archive;

import static dev.provenant.oci.testing.ExternalTools.run;
import static dev.provenant.oci.testing.ExternalTools.skopeoCopy;
import static dev.provenant.oci.testing.ExternalTools.skopeoInspectRawBytes;
import static dev.provenant.oci.testing.ExternalTools.umociImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.ManifestParser;
import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.layout.OciLayout;
import dev.provenant.oci.testing.TarBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciArchiveTest {
  @TempDir Path temp;

  @Test
  void readsSkopeoOciArchiveWithTheLayoutsDigestAndLabels() throws Exception {
    Path layout = temp.resolve("layout");
    umociImage(layout, "v1", Map.of("org.opencontainers.image.source", "https://x/y"), "one");
    Digest expected = OciLayout.open(layout).manifest("v1").digest();
    Path tar = temp.resolve("x.tar");
    skopeoCopy("oci:" + layout + ":v1", "oci-archive:" + tar);

    try (OciArchive archive = OciArchive.open(tar)) {
      assertThat(archive.resolveDefault()).isEqualTo(expected);
      RawManifest manifest = archive.manifest(expected.toString());
      assertThat(manifest.bytes()).isEqualTo(skopeoInspectRawBytes("oci-archive:" + tar));
      assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
      assertThat(archive.describe()).isEqualTo("oci-archive:" + tar);
      assertLabelAndLayers(archive, manifest, "org.opencontainers.image.source", "https://x/y");
    }
  }

  @Test
  void readsAGzipCompressedOciArchive() throws Exception {
    Path layout = temp.resolve("layout");
    umociImage(layout, "v1", Map.of("k", "v"), "one");
    Path tar = temp.resolve("x.tar");
    skopeoCopy("oci:" + layout + ":v1", "oci-archive:" + tar + ":v1");
    Path gzip = temp.resolve("x.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
      Files.copy(tar, out);
    }

    try (OciArchive archive = OciArchive.open(gzip)) {
      RawManifest manifest = archive.manifest("v1");
      assertThat(manifest.digest()).isEqualTo(OciLayout.open(layout).resolveDefault());
      assertLabelAndLayers(archive, manifest, "k", "v");
    }
  }

  @Test
  void alteredBlobInAnArchiveFailsIntegrity() throws Exception {
    Path layout = temp.resolve("layout");
    umociImage(layout, "v1", Map.of("a", "b"), "one");
    ImageManifest parsed = (ImageManifest) OciLayout.open(layout).manifest("v1").parse();
    Path config = layout.resolve("blobs/sha256").resolve(parsed.config().digest().hex());
    Files.writeString(config, Files.readString(config).replace("\"a\":\"b\"", "\"a\":\"X\""));
    Path tar = temp.resolve("altered.tar");
    run(List.of("tar", "-cf", tar.toString(), "-C", layout.toString(), "."));

    try (OciArchive archive = OciArchive.open(tar)) {
      assertThatThrownBy(() -> archive.blob(parsed.config().digest(), 1 << 20))
          .isInstanceOfSatisfying(
              ImageAccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INTEGRITY))
          .hasMessageStartingWith(
              "blob "
                  + parsed.config().digest()
                  + " in oci-archive:"
                  + tar
                  + " does not match its digest: blobs/sha256/"
                  + parsed.config().digest().hex()
                  + " hashes to sha256:");
    }
  }

  @Test
  void truncatedArchiveIsRefused() throws Exception {
    Path layout = temp.resolve("layout");
    umociImage(layout, "v1", Map.of(), "one");
    Path tar = temp.resolve("x.tar");
    skopeoCopy("oci:" + layout + ":v1", "oci-archive:" + tar);
    byte[] whole = Files.readAllBytes(tar);
    Path cut = temp.resolve("cut.tar");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2 + 100));

    assertThatThrownBy(() -> OciArchive.open(cut))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessageStartingWith("oci-archive:" + cut + " is truncated: ")
        .hasMessageEndingWith("the archive was cut short, copy or save it again");
  }

  @Test
  void archiveWithAnEntryOutsideItselfIsRefused() throws Exception {
    Path tar = temp.resolve("evil.tar");
    Files.write(
        tar,
        new TarBuilder()
            .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
            .file("../evil", "overwrite me")
            .build());

    assertThatThrownBy(() -> OciArchive.open(tar))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessageStartingWith(
            "oci-archive:" + tar + " has an entry named '../evil' that points outside the archive");
  }

  @Test
  void dockerArchiveIsRefusedWithAHintToReadItAsOne() throws Exception {
    Path tar = temp.resolve("docker.tar");
    Files.write(tar, new TarBuilder().file("manifest.json", "[]").build());

    assertThatThrownBy(() -> OciArchive.open(tar))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessage(
            "oci-archive:"
                + tar
                + " has no oci-layout file; it looks like a `docker save` archive; read it as"
                + " docker-archive:"
                + tar);
  }

  @Test
  void missingFileIsNotFound() {
    Path tar = temp.resolve("absent.tar");

    assertThatThrownBy(() -> OciArchive.open(tar))
        .isInstanceOfSatisfying(
            ImageAccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
        .hasMessage("oci-archive:" + tar + ": no such file");
  }

  static void assertLabelAndLayers(
      dev.provenant.oci.image.ImageSource source, RawManifest raw, String key, String value)
      throws Exception {
    ImageManifest manifest = (ImageManifest) raw.parse();
    Digest config = manifest.config().digest();
    assertThat(ManifestParser.parseConfig(source.blob(config, 1 << 20), config).labels())
        .containsEntry(key, value);
    for (var layer : manifest.layers()) {
      try (InputStream in = source.openBlob(layer.digest())) {
        assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(layer.size());
      }
    }
  }
}
