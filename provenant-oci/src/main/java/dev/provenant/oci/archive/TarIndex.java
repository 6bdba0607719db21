package dev.provenant.oci.archive;

import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table of contents of an uncompressed tar file: each member's name mapped to where its content
 * lies, so that members can be read in any order by seeking instead of by unpacking the archive.
 *
 * <p>Reads ustar headers, GNU long names and link names ({@code L}, {@code K}) and PAX extended
 * headers ({@code x}: {@code path}, {@code linkpath}, {@code size}; {@code g} is parsed and
 * ignored), with every header bounded in size. Names that are absolute or climb out with {@code ..}
 * are refused outright: an archive that contains one was made to escape, and nothing good comes
 * from reading the rest of it.
 *
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9799919799/utilities/pax.html">POSIX pax
 *     interchange format</a>
 */
final class TarIndex {
  static final int BLOCK = TarHeader.BLOCK;
  private static final int MAX_LONG_NAME_BYTES = 64 * 1024;
  private static final int MAX_PAX_BYTES = 1024 * 1024;
  private static final int MAX_ENTRIES = 1_000_000;
  private static final int MAX_LINK_HOPS = 40;

  private final Map<String, TarEntry> entries;
  private final String where;

  private TarIndex(Map<String, TarEntry> entries, String where) {
    this.entries = entries;
    this.where = where;
  }

  /**
   * Reads every header of the tar in {@code channel}.
   *
   * @param where the archive, for messages: {@code oci-archive:/tmp/x.tar}
   * @throws ImageAccessException INVALID_INPUT when it is not a tar, is truncated, or names an
   *     entry outside itself
   */
  static TarIndex read(FileChannel channel, String where) throws ImageAccessException {
    try {
      return new Reader(channel, where).readAll();
    } catch (IOException e) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT, "cannot read " + where + ": " + e.getMessage(), e);
    }
  }

  /**
   * The regular file named {@code name}, following symbolic and hard links inside the archive
   * (docker save links duplicate layers to one another); empty when there is none.
   */
  Optional<TarEntry> file(String name) throws ImageAccessException {
    String current = normalize(name, where);
    for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      TarEntry entry = entries.get(current);
      if (entry == null) {
        return Optional.empty();
      }
      switch (entry.type()) {
        case FILE -> {
          return Optional.of(entry);
        }
        case SYMLINK -> current = resolveSymlink(entry);
        case HARDLINK -> current = normalize(entry.linkName(), where);
        default -> {
          return Optional.empty();
        }
      }
    }
    throw new ImageAccessException(
        Failure.INVALID_INPUT,
        where + " has a loop of links at '" + name + "'; the archive is malformed");
  }

  private String resolveSymlink(TarEntry link) throws ImageAccessException {
    String target = link.linkName();
    if (target.startsWith("/")) {
      throw outside(link.name() + " -> " + target, where);
    }
    int slash = link.name().lastIndexOf('/');
    String base = slash < 0 ? "" : link.name().substring(0, slash + 1);
    try {
      return normalize(base + target, where, true);
    } catch (ImageAccessException e) {
      throw outside(link.name() + " -> " + target, where);
    }
  }

  /**
   * The archive-relative form of {@code raw}: no leading {@code ./}, no empty or {@code .}
   * segments, no trailing slash.
   *
   * @throws ImageAccessException when it is absolute or climbs above the archive root
   */
  static String normalize(String raw, String where) throws ImageAccessException {
    return normalize(raw, where, false);
  }

  /**
   * As {@link #normalize(String, String)}; with {@code climb}, {@code ..} may step back up within
   * the archive, as a symbolic link's target legitimately does ({@code ../<id>.tar}).
   */
  private static String normalize(String raw, String where, boolean climb)
      throws ImageAccessException {
    if (raw.startsWith("/")) {
      throw outside(raw, where);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : raw.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty() || !climb) {
          throw outside(raw, where);
        }
        segments.remove(segments.size() - 1);
        continue;
      }
      segments.add(segment);
    }
    return String.join("/", segments);
  }

  private static ImageAccessException outside(String name, String where) {
    return new ImageAccessException(
        Failure.INVALID_INPUT,
        where
            + " has an entry named '"
            + name
            + "' that points outside the archive; refusing to read it, as the archive may have"
            + " been crafted to reach other files");
  }

  /** Walks the headers one block at a time. */
  private static final class Reader {
    private final FileChannel channel;
    private final String where;
    private final long length;
    private final Map<String, TarEntry> entries = new HashMap<>();
    private String longName;
    private String longLink;
    private Map<String, String> pax = Map.of();

    Reader(FileChannel channel, String where) throws IOException {
      this.channel = channel;
      this.where = where;
      this.length = channel.size();
    }

    TarIndex readAll() throws IOException, ImageAccessException {
      if (length == 0) {
        throw invalid(where + " is empty, not a tar archive");
      }
      if (length < BLOCK) {
        throw invalid(
            where + " is not a tar archive (it is only " + length + " bytes, less than a header)");
      }
      long position = 0;
      int count = 0;
      while (true) {
        if (position == length) {
          // No end-of-archive blocks; GNU tar and Go's archive/tar accept that too.
          break;
        }
        if (position + BLOCK > length) {
          throw truncated(position, "a header");
        }
        byte[] header = readBlock(position);
        if (TarHeader.isZero(header)) {
          break;
        }
        checkChecksum(header, position);
        if (++count > MAX_ENTRIES) {
          throw invalid(where + " has more than " + MAX_ENTRIES + " entries; refusing to index it");
        }
        position = entry(header, position);
      }
      if (longName != null || longLink != null || !pax.isEmpty()) {
        throw invalid(where + " ends with an extended header that describes no entry");
      }
      return new TarIndex(Map.copyOf(entries), where);
    }

    /** Records one entry and returns where the next header starts. */
    private long entry(byte[] block, long position) throws IOException, ImageAccessException {
      try {
        return entry(TarHeader.parse(block), position);
      } catch (TarFormatException e) {
        throw invalid(
            where + " has a malformed tar header at offset " + position + ": " + e.getMessage());
      }
    }

    private long entry(TarHeader header, long position) throws IOException, ImageAccessException {
      long size = header.size();
      long dataOffset = position + BLOCK;
      // As a remainder: size is at most TarHeader.MAX_SIZE, but offsets come from the file.
      if (size > length - dataOffset) {
        throw truncated(position, "an entry of " + size + " bytes");
      }
      switch (header.type()) {
        case 'L' ->
            longName =
                TarHeader.cString(bounded(dataOffset, size, MAX_LONG_NAME_BYTES, "long name"));
        case 'K' ->
            longLink =
                TarHeader.cString(bounded(dataOffset, size, MAX_LONG_NAME_BYTES, "long link"));
        case 'x' ->
            pax = TarHeader.parsePax(bounded(dataOffset, size, MAX_PAX_BYTES, "PAX header"));
        case 'g' ->
            TarHeader.parsePax(bounded(dataOffset, size, MAX_PAX_BYTES, "PAX global header"));
        default -> {
          TarHeader member = header.extendedBy(longName, longLink, pax);
          size = member.contentSize();
          if (size > length - dataOffset) {
            throw truncated(position, "an entry of " + size + " bytes");
          }
          longName = null;
          longLink = null;
          pax = Map.of();
          String normalized = normalize(member.name(), where);
          TarEntry.Type type = TarEntry.typeOf((byte) member.type());
          entries.put(
              normalized, new TarEntry(normalized, type, dataOffset, size, member.linkName()));
        }
      }
      return dataOffset + TarHeader.roundUp(size);
    }

    private void checkChecksum(byte[] header, long position) throws ImageAccessException {
      long unsigned = 0;
      long signed = 0;
      for (int i = 0; i < BLOCK; i++) {
        byte b = (i >= 148 && i < 156) ? (byte) ' ' : header[i];
        unsigned += b & 0xff;
        signed += b;
      }
      long recorded;
      try {
        recorded = TarHeader.octal(header, 148, 8, "checksum");
      } catch (TarFormatException e) {
        recorded = -1;
      }
      // Old tars summed signed bytes; both are valid, per GNU tar and Go's archive/tar.
      if (recorded != unsigned && recorded != signed) {
        if (position == 0) {
          throw invalid(
              where
                  + " is not a tar archive (its first 512 bytes are not a tar header); expected"
                  + " an archive as `skopeo copy` or `docker save` write");
        }
        throw invalid(
            where
                + " has a corrupt tar header at offset "
                + position
                + " (bad checksum); the archive is damaged, copy it again");
      }
    }

    private byte[] bounded(long offset, long size, int max, String what)
        throws IOException, ImageAccessException {
      if (size > max) {
        throw invalid(
            where + " has a " + what + " of " + size + " bytes, more than the " + max + " allowed");
      }
      byte[] data = new byte[(int) size];
      readFully(offset, data);
      return data;
    }

    private byte[] readBlock(long position) throws IOException {
      byte[] block = new byte[BLOCK];
      readFully(position, block);
      return block;
    }

    private void readFully(long position, byte[] into) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(into);
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, position + buffer.position());
        if (n < 0) {
          throw new IOException(
              "unexpected end of file at offset " + (position + buffer.position()));
        }
      }
    }

    private ImageAccessException truncated(long position, String what) {
      return invalid(
          where
              + " is truncated: "
              + what
              + " at offset "
              + position
              + " runs past its end at "
              + length
              + " bytes; the archive was cut short, copy or save it again");
    }

    private static ImageAccessException invalid(String message) {
      return new ImageAccessException(Failure.INVALID_INPUT, message);
    }
  }
}
