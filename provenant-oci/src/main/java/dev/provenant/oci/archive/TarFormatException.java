package dev.provenant.oci.archive;

import java.io.IOException;

/**
 * A tar header or extended header whose fields cannot be parsed. An {@link IOException} so that a
 * streaming reader can let it through as it is, while a reader with more context (the archive's
 * name, the header's offset) catches it and says where.
 */
public final class TarFormatException extends IOException {
  public TarFormatException(String message) {
    super(message);
  }
}
