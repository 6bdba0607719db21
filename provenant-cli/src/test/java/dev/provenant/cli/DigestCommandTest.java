package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.oci.testing.ExternalTools;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provenant digest} against coreutils' sha256sum and sha512sum on the same files. */
class DigestCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheSameSha256AsCoreutilsForEachFile() throws Exception {
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    Path big = dir.resolve("big.bin");
    byte[] content = new byte[3 * (1 << 20) + 17]; // spans several read buffers
    new Random(1).nextBytes(content);
    Files.write(big, content);

    CliResult result = CliResult.run("digest", empty.toString(), big.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines().toList())
        .containsExactly(coreutils("sha256sum", empty), coreutils("sha256sum", big));
  }

  @Test
  void sha512MatchesCoreutils() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "provenant\n");

    CliResult result = CliResult.run("digest", "--algorithm", "sha512", file.toString());

    assertThat(result.out().strip()).isEqualTo(coreutils("sha512sum", file));
  }

  @Test
  void dashReadsStandardInput() throws Exception {
    InputStream original = System.in;
    try {
      System.setIn(new ByteArrayInputStream("hello\n".getBytes()));
      CliResult result = CliResult.run("digest", "-");
      assertThat(result.out().strip())
          .isEqualTo("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -");
    } finally {
      System.setIn(original);
    }
  }

  @Test
  void missingFileIsReportedOthersStillDigestedAndExitCodeIsTwo() throws Exception {
    Path file = Files.writeString(dir.resolve("present.txt"), "x");

    CliResult result =
        CliResult.run(
            "digest", dir.resolve("absent.txt").toString(), file.toString(), dir.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(dir.resolve("absent.txt") + ": no such file")
        .contains(dir + ": is a directory")
        .doesNotContain("Exception");
    assertThat(result.out().strip()).isEqualTo(coreutils("sha256sum", file));
  }

  @Test
  void unknownAlgorithmIsAnInputError() {
    CliResult result = CliResult.run("digest", "--algorithm", "md5", "x");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("unsupported digest algorithm 'md5': use sha256 or sha512");
  }

  @Test
  void jsonListsDigestAndSizePerFile() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "hello\n");

    CliResult result = CliResult.run("digest", "--output", "json", file.toString());

    var json = new ObjectMapper().readTree(result.out());
    assertThat(json.path("algorithm").asText()).isEqualTo("sha256");
    assertThat(json.path("files").get(0).path("digest").asText())
        .isEqualTo("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    assertThat(json.path("files").get(0).path("size").asLong()).isEqualTo(6);
  }

  /** What coreutils prints, in Provenant's form: {@code sha256:<hex> FILE}. */
  private static String coreutils(String tool, Path file) throws Exception {
    String line = ExternalTools.run(List.of(tool, file.toString())).strip();
    String algorithm = tool.replace("sum", "");
    return algorithm + ":" + line;
  }
}
