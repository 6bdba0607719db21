package dev.provenant.oci.archive;

import static dev.provenant.oci.testing.ExternalTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.testing.TarBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarIndexTest {
  private static final String LONG_NAME =
      "deep/" + "d".repeat(120) + "/" + "f".repeat(150) + ".txt";

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"gnu", "pax", "ustar"})
  void readsLongNamesAsGnuTarWritesThemInEachFormat(String format) throws Exception {
    Path source = temp.resolve("src");
    String name = format.equals("ustar") ? "prefix/" + "p".repeat(90) + "/short.txt" : LONG_NAME;
    Files.createDirectories(source.resolve(name).getParent());
    Files.writeString(source.resolve(name), "content of " + format);
    Files.writeString(source.resolve("top.txt"), "top");
    Files.createSymbolicLink(source.resolve("link"), Path.of("top.txt"));
    Path tar = temp.resolve(format + ".tar");
    run(List.of("tar", "--format=" + format, "-cf", tar.toString(), "-C", source.toString(), "."));

    try (ArchiveFile archive = ArchiveFile.open(tar, "test:" + tar)) {
      TarEntry entry = archive.file(name).orElseThrow();
      assertThat(archive.read(entry, 100, "file"))
          .asString(StandardCharsets.UTF_8)
          .isEqualTo("content of " + format);
      assertThat(archive.file("./link")).isEqualTo(archive.file("top.txt")).isPresent();
    }
  }

  @Test
  void readsPaxPathsAndGnuLongNamesAsTarBuilderWritesThem() throws Exception {
    Path tar = temp.resolve("t.tar");
    Files.write(
        tar,
        new TarBuilder()
            .file(LONG_NAME, "long")
            .paxFile("pax/ünïcode-name.txt", "pax".getBytes(StandardCharsets.UTF_8))
            .build());

    try (ArchiveFile archive = ArchiveFile.open(tar, "test:" + tar)) {
      assertThat(archive.read(archive.file(LONG_NAME).orElseThrow(), 10, "f")).hasSize(4);
      assertThat(archive.file("pax/ünïcode-name.txt")).isPresent();
      assertThat(archive.file("placeholder-name")).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil", "a/../../evil", "/etc/passwd", "./../evil"})
  void refusesEntriesThatPointOutsideTheArchive(String name) throws Exception {
    Path tar = temp.resolve("evil.tar");
    Files.write(tar, new TarBuilder().file("ok", "fine").file(name, "evil").build());

    assertThatThrownBy(() -> ArchiveFile.open(tar, "test:" + tar))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessage(
            "test:"
                + tar
                + " has an entry named '"
                + name
                + "' that points outside the archive; refusing to read it, as the archive may"
                + " have been crafted to reach other files");
  }

  @Test
  void refusesASymlinkThatClimbsOutOfTheArchive() throws Exception {
    Path tar = temp.resolve("link.tar");
    Files.write(tar, new TarBuilder().symlink("dir/layer.tar", "../../etc/passwd").build());

    try (ArchiveFile archive = ArchiveFile.open(tar, "test:" + tar)) {
      assertThatThrownBy(() -> archive.file("dir/layer.tar"))
          .isInstanceOf(ImageAccessException.class)
          .hasMessageContaining("'dir/layer.tar -> ../../etc/passwd' that points outside");
    }
  }

  @Test
  void refusesATruncatedArchive() throws Exception {
    byte[] whole = new TarBuilder().file("a", "x".repeat(1000)).build();
    Path tar = temp.resolve("cut.tar");
    Files.write(tar, java.util.Arrays.copyOf(whole, 800));

    assertThatThrownBy(() -> ArchiveFile.open(tar, "test:" + tar))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessage(
            "test:"
                + tar
                + " is truncated: an entry of 1000 bytes at offset 0 runs past its end at 800"
                + " bytes; the archive was cut short, copy or save it again");
  }

  @Test
  void refusesASizeNoArchiveHoldsInsteadOfSeekingToANegativeOffset() throws Exception {
    byte[] tar = new TarBuilder().file("a", "x").file("b", "y").build();
    // The first header's size as GNU base-256 Long.MAX_VALUE: offset + size would wrap negative.
    java.util.Arrays.fill(tar, 124, 136, (byte) 0);
    tar[124] = (byte) 0x80;
    tar[128] = 0x7f;
    java.util.Arrays.fill(tar, 129, 136, (byte) 0xff);
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : tar[i] & 0xff;
    }
    byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(checksum, 0, tar, 148, 8);
    Path file = temp.resolve("huge.tar");
    Files.write(file, tar);

    assertThatThrownBy(() -> ArchiveFile.open(file, "test:" + file))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessageContaining("has a malformed tar header at offset 0")
        .hasMessageContaining("more than any real archive holds");
  }

  @Test
  void refusesAFileThatIsNotATar() throws Exception {
    Path file = temp.resolve("notes.txt");
    Files.writeString(file, "just some text\n".repeat(100));

    assertThatThrownBy(() -> ArchiveFile.open(file, "test:" + file))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessage(
            "test:"
                + file
                + " is not a tar archive (its first 512 bytes are not a tar header); expected an"
                + " archive as `skopeo copy` or `docker save` write");
  }

  @Test
  void refusesACorruptGzip() throws Exception {
    byte[] gzip = new TarBuilder().file("a", "x".repeat(5000)).buildGzip();
    Path file = temp.resolve("cut.tar.gz");
    Files.write(file, java.util.Arrays.copyOf(gzip, gzip.length / 2));

    assertThatThrownBy(() -> ArchiveFile.open(file, "test:" + file))
        .isInstanceOfSatisfying(
            ImageAccessException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
        .hasMessageStartingWith("test:" + file + " is a truncated or corrupt gzip file");
  }
}
