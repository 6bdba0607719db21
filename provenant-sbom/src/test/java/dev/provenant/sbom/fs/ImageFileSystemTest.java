package dev.provenant.sbom.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.location.ImageLocation;
import dev.provenant.oci.location.ImageOpener;
import dev.provenant.oci.location.OpenedImage;
import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.sbom.testing.SbomTestImages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merged view of a three-layer umoci image with whiteouts, an opaque directory, a hard link.
 */
class ImageFileSystemTest {
  @TempDir static Path dir;
  static SbomTestImages.Image image;

  @BeforeAll
  static void buildImage() throws Exception {
    image = SbomTestImages.build(dir);
  }

  private static OpenedImage open(String location) throws Exception {
    return new ImageOpener(RegistryOptions.defaults()).open(ImageLocation.parse(location));
  }

  @Test
  void fileAddedInOneLayerAndWhitedOutInTheNextIsAbsent() throws Exception {
    try (OpenedImage opened = open(image.location())) {
      ImageFileSystem files = ImageFileSystem.open(opened, null);

      assertThat(files.file("/gone/file.txt")).isEmpty();
      assertThat(files.file("/gone/kept.txt")).isPresent();
      assertThat(files.file("/usr/share/doc/" + image.deleted() + "/copyright")).isEmpty();
      assertThat(files.file("/usr/share/doc/" + image.kept() + "/copyright")).isPresent();
    }
  }

  @Test
  void opaqueDirectoryHidesWhatLowerLayersPutInIt() throws Exception {
    try (OpenedImage opened = open(image.location())) {
      ImageFileSystem files = ImageFileSystem.open(opened, null);

      assertThat(files.file("/opaque/old.txt")).isEmpty();
      FileEntry added = files.file("/opaque/new.txt").orElseThrow();
      assertThat(new String(files.read(added, 1024), StandardCharsets.UTF_8))
          .isEqualTo("added in layer 3");
      assertThat(added.layer()).isEqualTo(files.manifest().layers().get(2).digest());
    }
  }

  @Test
  void hardLinkIsAFileWithItsTargetsContent() throws Exception {
    try (OpenedImage opened = open(image.location())) {
      ImageFileSystem files = ImageFileSystem.open(opened, null);

      FileEntry hard = files.file("/hard.txt").orElseThrow();
      assertThat(new String(files.read(hard, 1024), StandardCharsets.UTF_8))
          .isEqualTo("added in layer 3");
    }
  }

  @Test
  void filesKeepTheLayerThatLastWroteThemAndTheirExactContent() throws Exception {
    try (OpenedImage opened = open(image.location())) {
      ImageFileSystem files = ImageFileSystem.open(opened, null);

      FileEntry status = files.file("/var/lib/dpkg/status").orElseThrow();
      assertThat(status.layer()).isEqualTo(files.manifest().layers().get(0).digest());
      assertThat(status.size()).isEqualTo(Files.size(Path.of("/var/lib/dpkg/status")));
      assertThat(files.read(status, 64L * 1024 * 1024))
          .isEqualTo(Files.readAllBytes(Path.of("/var/lib/dpkg/status")));
      assertThat(files.files()).extracting(FileEntry::path).isSorted().contains("/etc/os-release");
    }
  }

  @Test
  void largeFilesAreReadAgainFromTheirLayer() throws Exception {
    try (OpenedImage opened = open(image.location())) {
      ImageFileSystem files = ImageFileSystem.open(opened, null);
      FileEntry status = files.file("/var/lib/dpkg/status").orElseThrow();
      // The status file is larger than what is kept in memory, so this re-streams layer 1.
      assertThat(status.size()).isGreaterThan(ImageFileSystem.INLINE_FILE_BYTES);

      try (InputStream in = files.open(status)) {
        assertThat(in.readAllBytes())
            .isEqualTo(Files.readAllBytes(Path.of("/var/lib/dpkg/status")));
      }
    }
  }

  @Test
  void layerThatDoesNotMatchItsDigestIsAnIntegrityFailure() throws Exception {
    Path copy = dir.resolve("tampered");
    dev.provenant.oci.testing.ExternalTools.run(
        java.util.List.of("cp", "-r", image.layout().toString(), copy.toString()));
    String digest;
    try (OpenedImage opened = open(image.location())) {
      digest = ImageFileSystem.open(opened, null).manifest().layers().get(2).digest().hex();
    }
    Path blob = copy.resolve("blobs/sha256").resolve(digest);
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 1;
    Files.write(blob, bytes);

    try (OpenedImage opened = open("oci:" + copy + ":" + SbomTestImages.TAG)) {
      assertThatThrownBy(() -> ImageFileSystem.open(opened, null))
          .isInstanceOfSatisfying(
              ImageAccessException.class,
              e -> assertThat(e.failure()).isEqualTo(ImageAccessException.Failure.INTEGRITY))
          .hasMessageContaining("does not match its digest sha256:" + digest);
    }
  }
}
