package dev.provenant.core.keys;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The encrypted keys from cosign's own tests in {@code ../shared/testdata/cosign-keys} (password
 * {@code hello}). Missing data fails the build on CI and skips, saying why, elsewhere.
 */
final class CosignTestKeys {
  static final char[] PASSWORD = "hello".toCharArray();

  private CosignTestKeys() {}

  static String read(String name) throws IOException {
    String root = System.getProperty("provenant.project.root", "");
    Path dir = Path.of(root).toAbsolutePath().resolve("../shared/testdata/cosign-keys").normalize();
    if (!Files.isDirectory(dir)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("test data " + dir + " is missing; CI must provide ../shared/testdata");
      }
      assumeTrue(false, "skipped: test data " + dir + " is missing (see ../shared/testdata)");
    }
    return Files.readString(dir.resolve(name));
  }
}
