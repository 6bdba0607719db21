package dev.provenant.cli;

import dev.provenant.oci.image.MediaTypes;
import dev.provenant.oci.layout.OciLayout;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Runs the common verbs once on throw-away input. The launcher runs it as the training run for the
 * JDK's ahead-of-time cache, so that the classes every verb needs are loaded and linked ahead of
 * time; it also makes a quick self-check.
 */
@Command(
    name = "warm-up",
    hidden = true,
    description = "Exercise the common verbs once (for start-up caches).")
final class WarmUpCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("provenant-warm-up");
    try {
      Path file = Files.writeString(dir.resolve("file.txt"), "warm-up\n");
      // Enough data that the hashing loop is compiled and its profile lands in the start-up cache.
      Path large = Files.write(dir.resolve("large.bin"), new byte[32 << 20]);
      Path layoutDir = dir.resolve("layout");
      OciLayout layout = OciLayout.create(layoutDir);
      var config =
          layout.writeBlob(
              "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"a\":\"b\"}}}"
                  .getBytes(StandardCharsets.UTF_8),
              MediaTypes.OCI_CONFIG);
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\""
              + MediaTypes.OCI_MANIFEST
              + "\",\"config\":{\"mediaType\":\""
              + MediaTypes.OCI_CONFIG
              + "\",\"digest\":\""
              + config.digest()
              + "\",\"size\":"
              + config.size()
              + "},\"layers\":[]}";
      layout.writeManifest(
          manifest.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST, "warm");
      PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
      int failures = 0;
      String[][] runs = {
        {"version"},
        {"version", "--output", "json"},
        {"digest", file.toString()},
        {"digest", large.toString()},
        {"inspect", "oci:" + layoutDir + ":warm"},
        {"inspect", "--output", "json", "oci:" + layoutDir + ":warm"},
        {"inspect", "not a reference"},
      };
      for (String[] run : runs) {
        int code = Main.run(run, sink, sink);
        failures += (code != 0 && !run[run.length - 1].equals("not a reference")) ? 1 : 0;
      }
      return failures == 0 ? ExitCode.OK : ExitCode.INPUT;
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
