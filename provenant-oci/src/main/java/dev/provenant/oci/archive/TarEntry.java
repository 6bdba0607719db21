package dev.provenant.oci.archive;

/**
 * One member of a tar archive: its normalised name, its type, and where its content lies in the
 * (uncompressed) archive file.
 */
record TarEntry(String name, Type type, long dataOffset, long size, String linkName) {

  /** The kinds of entry an image archive uses; everything else is {@link #OTHER}. */
  enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    OTHER
  }

  static Type typeOf(byte flag) {
    return switch (flag) {
      case '0', 0, '7' -> Type.FILE;
      case '5' -> Type.DIRECTORY;
      case '2' -> Type.SYMLINK;
      case '1' -> Type.HARDLINK;
      default -> Type.OTHER;
    };
  }
}
