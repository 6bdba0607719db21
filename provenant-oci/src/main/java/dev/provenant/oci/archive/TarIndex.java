package dev.provenant.oci.archive;

import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
  static final int BLOCK = 512;
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
        if (isZero(header)) {
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
    private long entry(byte[] header, long position) throws IOException, ImageAccessException {
      byte flag = header[156];
      long size = number(header, 124, 12, position);
      long dataOffset = position + BLOCK;
      if (dataOffset + size > length) {
        throw truncated(position, "an entry of " + size + " bytes");
      }
      long next = dataOffset + roundUp(size);
      switch (flag) {
        case 'L' -> longName = cString(bounded(dataOffset, size, MAX_LONG_NAME_BYTES, "long name"));
        case 'K' -> longLink = cString(bounded(dataOffset, size, MAX_LONG_NAME_BYTES, "long link"));
        case 'x' -> pax = parsePax(bounded(dataOffset, size, MAX_PAX_BYTES, "PAX header"));
        case 'g' -> parsePax(bounded(dataOffset, size, MAX_PAX_BYTES, "PAX global header"));
        default -> {
          String name = headerName(header);
          String link = cString(slice(header, 157, 100));
          if (longName != null) {
            name = longName;
          }
          if (longLink != null) {
            link = longLink;
          }
          name = pax.getOrDefault("path", name);
          link = pax.getOrDefault("linkpath", link);
          if (pax.containsKey("size")) {
            size = paxSize(pax.get("size"), position);
            if (dataOffset + size > length) {
              throw truncated(position, "an entry of " + size + " bytes");
            }
            next = dataOffset + roundUp(size);
          }
          longName = null;
          longLink = null;
          pax = Map.of();
          String normalized = normalize(name, where);
          TarEntry.Type type = TarEntry.typeOf(flag);
          if (type == TarEntry.Type.SYMLINK || type == TarEntry.Type.HARDLINK) {
            size = 0;
          }
          entries.put(normalized, new TarEntry(normalized, type, dataOffset, size, link));
        }
      }
      return next;
    }

    private String headerName(byte[] header) {
      String name = cString(slice(header, 0, 100));
      boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
      if (ustar) {
        String prefix = cString(slice(header, 345, 155));
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
      }
      return name;
    }

    private Map<String, String> parsePax(byte[] data) throws ImageAccessException {
      Map<String, String> records = new HashMap<>();
      int i = 0;
      while (i < data.length) {
        int space = i;
        while (space < data.length && data[space] != ' ') {
          space++;
        }
        int recordLength;
        try {
          recordLength =
              Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
          throw invalid(where + " has a malformed PAX header record");
        }
        if (recordLength <= space - i + 1 || i + recordLength > data.length) {
          throw invalid(where + " has a PAX header record with a bad length");
        }
        String record =
            new String(data, space + 1, i + recordLength - space - 2, StandardCharsets.UTF_8);
        int equals = record.indexOf('=');
        if (equals < 0 || data[i + recordLength - 1] != '\n') {
          throw invalid(where + " has a malformed PAX header record");
        }
        records.put(record.substring(0, equals), record.substring(equals + 1));
        i += recordLength;
      }
      return records;
    }

    private long paxSize(String text, long position) throws ImageAccessException {
      try {
        long size = Long.parseLong(text);
        if (size >= 0) {
          return size;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw invalid(where + " has a PAX size '" + text + "' at offset " + position);
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
        recorded = octal(header, 148, 8);
      } catch (NumberFormatException e) {
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

    private long number(byte[] header, int offset, int length, long position)
        throws ImageAccessException {
      if ((header[offset] & 0x80) != 0) {
        // GNU base-256 for sizes of 8 GiB and more.
        long value = header[offset] & 0x7f;
        for (int i = offset + 1; i < offset + length; i++) {
          if (value > (Long.MAX_VALUE >> 8)) {
            throw invalid(where + " has an entry size too large at offset " + position);
          }
          value = (value << 8) | (header[i] & 0xff);
        }
        return value;
      }
      try {
        return octal(header, offset, length);
      } catch (NumberFormatException e) {
        throw invalid(where + " has a malformed size in the tar header at offset " + position);
      }
    }

    private static long octal(byte[] header, int offset, int length) {
      String text = cString(slice(header, offset, length)).trim();
      return text.isEmpty() ? 0 : Long.parseLong(text, 8);
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

    private static boolean isZero(byte[] block) {
      for (byte b : block) {
        if (b != 0) {
          return false;
        }
      }
      return true;
    }

    private static long roundUp(long size) {
      return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static byte[] slice(byte[] bytes, int offset, int length) {
      byte[] slice = new byte[length];
      System.arraycopy(bytes, offset, slice, 0, length);
      return slice;
    }

    private static String cString(byte[] bytes) {
      int end = 0;
      while (end < bytes.length && bytes[end] != 0) {
        end++;
      }
      return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static ImageAccessException invalid(String message) {
      return new ImageAccessException(Failure.INVALID_INPUT, message);
    }
  }
}
