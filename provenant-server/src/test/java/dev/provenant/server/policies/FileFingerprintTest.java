package dev.provenant.server.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFingerprintTest {
  @TempDir Path dir;

  @Test
  void aSameSizeRewriteWithinOneClockTickIsAChange() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "mode: enforce\n", StandardCharsets.UTF_8);
    FileTime written = Files.getLastModifiedTime(policy);
    FileFingerprint before = FileFingerprint.of(List.of(policy));

    // The same file, the same size, and a clock that has not moved on: what two quick edits look
    // like on a file system with coarse timestamps.
    Files.writeString(policy, "mode: warn   \n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(policy, written);

    assertThat(FileFingerprint.of(List.of(policy))).isNotEqualTo(before);
  }

  @Test
  void anUntouchedDirectoryKeepsItsFingerprint() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "a: 1\n");
    Files.writeString(dir.resolve("b.yaml"), "b: 2\n");

    assertThat(FileFingerprint.of(List.of(dir))).isEqualTo(FileFingerprint.of(List.of(dir)));
  }

  @Test
  void addingRemovingOrReplacingAFileInADirectoryIsAChange() throws Exception {
    Path a = dir.resolve("a.yaml");
    Files.writeString(a, "a: 1\n");
    FileFingerprint one = FileFingerprint.of(List.of(dir));

    Files.writeString(dir.resolve("b.yaml"), "b: 2\n");
    FileFingerprint two = FileFingerprint.of(List.of(dir));
    assertThat(two).isNotEqualTo(one);

    Files.delete(a);
    assertThat(FileFingerprint.of(List.of(dir))).isNotEqualTo(two);
  }

  @Test
  void aMissingFileIsStampedAsMissingNotAnError() {
    Path absent = dir.resolve("absent.pem");

    assertThat(FileFingerprint.of(List.of(absent)).files()).containsEntry(absent, "missing");
  }
}
