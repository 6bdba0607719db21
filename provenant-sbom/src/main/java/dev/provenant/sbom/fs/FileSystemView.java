package dev.provenant.sbom.fs;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The files a cataloger looks at: an image's layers applied in order (whiteouts and opaque
 * directories honoured), or a directory. Paths are absolute and use {@code /}.
 */
public interface FileSystemView {

  /** Every regular file, in path order. */
  List<FileEntry> files() throws IOException;

  /** The file at {@code path}, if it exists in the merged view. */
  Optional<FileEntry> file(String path) throws IOException;

  /** Opens a file's content; the caller closes the stream. */
  InputStream open(FileEntry file) throws IOException;

  /** Reads a whole file, refusing one larger than {@code maxBytes}. */
  default byte[] read(FileEntry file, long maxBytes) throws IOException {
    if (file.size() > maxBytes) {
      throw new IOException(
          file.path() + " is " + file.size() + " bytes; at most " + maxBytes + " are read");
    }
    try (InputStream in = open(file)) {
      return in.readNBytes((int) maxBytes);
    }
  }
}
