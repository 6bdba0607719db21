package dev.provenant.oci.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of a blob to push, opened afresh for every attempt: an upload that is retried reads
 * them again from the start.
 */
@FunctionalInterface
public interface BlobContent {

  /** Opens the content from its first byte; the caller closes the stream. */
  InputStream open() throws IOException;

  /** Content held in memory. */
  static BlobContent of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return () -> new ByteArrayInputStream(bytes);
  }

  /** Content read from a file. */
  static BlobContent of(Path file) {
    Objects.requireNonNull(file, "file");
    return () -> Files.newInputStream(file);
  }
}
