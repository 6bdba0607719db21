package dev.provenant.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads policy and key files, refusing anything larger than a policy can sensibly be. */
final class BoundedFiles {
  /** 1 MiB: far beyond any real policy or PEM key, small enough to parse without worry. */
  static final int MAX_BYTES = 1 << 20;

  private BoundedFiles() {}

  /**
   * @throws IOException with a message fit for a problem report: not found, too large, unreadable
   */
  static byte[] read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      // Read one byte past the limit rather than trusting the size the file system reports.
      byte[] content = in.readNBytes(MAX_BYTES + 1);
      if (content.length > MAX_BYTES) {
        throw new IOException("larger than 1 MiB; refusing to read it");
      }
      return content;
    } catch (NoSuchFileException e) {
      throw new IOException("no such file", e);
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw new IOException("is a directory, not a file", e);
      }
      throw e.getMessage() == null ? new IOException("cannot be read", e) : e;
    }
  }
}
