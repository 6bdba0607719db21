package dev.provenant.oci.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent producers and readers the tests compare Provenant against (umoci, skopeo),
 * failing with the command, its exit code and its error output when one fails.
 */
public final class ExternalTools {
  private static final long TIMEOUT_SECONDS = 120;

  private ExternalTools() {}

  /** Runs {@code command} and returns its standard output; throws if it exits non-zero. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    return new String(runBytes(command), StandardCharsets.UTF_8);
  }

  /** Runs {@code command} and returns its standard output as bytes; throws if it exits non-zero. */
  public static byte[] runBytes(List<String> command) throws IOException, InterruptedException {
    Path stderr = Files.createTempFile("tool", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out after " + TIMEOUT_SECONDS + " s: " + command);
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            command
                + " exited "
                + process.exitValue()
                + ": "
                + Files.readString(stderr, StandardCharsets.UTF_8).strip());
      }
      return out;
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  /**
   * Builds a one-layer OCI image with umoci in the layout {@code layout} (created if absent) under
   * {@code tag}, with the given config labels and one file whose content makes the image unique.
   */
  public static void umociImage(
      Path layout, String tag, Map<String, String> labels, String fileContent)
      throws IOException, InterruptedException {
    if (!Files.exists(layout.resolve("index.json"))) {
      run(List.of("umoci", "init", "--layout", layout.toString()));
    }
    String image = layout + ":" + tag;
    run(List.of("umoci", "new", "--image", image));
    Path bundle = Files.createTempDirectory("umoci-bundle");
    try {
      Path unpacked = bundle.resolve("b");
      run(List.of("umoci", "unpack", "--rootless", "--image", image, unpacked.toString()));
      Files.writeString(unpacked.resolve("rootfs").resolve("content.txt"), fileContent);
      run(List.of("umoci", "repack", "--image", image, unpacked.toString()));
    } finally {
      run(List.of("rm", "-rf", bundle.toString()));
    }
    List<String> config = new ArrayList<>(List.of("umoci", "config", "--image", image));
    labels.forEach((k, v) -> config.add("--config.label=" + k + "=" + v));
    config.add("--created=2024-01-02T03:04:05Z");
    run(config);
  }

  /**
   * {@code skopeo copy} between two transports (no TLS verification: the test registries are plain
   * HTTP).
   */
  public static void skopeoCopy(String source, String destination, String... extra)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of("skopeo", "copy", "--src-tls-verify=false", "--dest-tls-verify=false"));
    command.addAll(List.of(extra));
    command.add(source);
    command.add(destination);
    run(command);
  }

  /** {@code skopeo inspect --raw}: the exact manifest bytes the source serves. */
  public static String skopeoInspectRaw(String image) throws IOException, InterruptedException {
    return run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", image));
  }

  /**
   * {@code skopeo inspect --raw} as bytes: skopeo writes the manifest exactly as the source serves
   * it, adding no newline, so these are the bytes whose sha256 is the manifest digest.
   */
  public static byte[] skopeoInspectRawBytes(String image)
      throws IOException, InterruptedException {
    return runBytes(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", image));
  }
}
