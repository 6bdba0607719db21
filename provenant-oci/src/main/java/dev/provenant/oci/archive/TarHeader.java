package dev.provenant.oci.archive;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One tar header block as both tar readers need it: the member's name (with its ustar prefix), its
 * link target, its type flag and its size. Also the field-level parsing they share, so that an
 * archive indexed by {@code TarIndex} and a layer streamed by the SBOM reader are understood alike.
 *
 * <p>How the readers walk an archive, how much of an extended header they accept and how they
 * report where a problem lies stays with each of them; this only parses bytes.
 *
 * @param name the member's name, not yet normalised
 * @param linkName the target of a link, empty for other members
 * @param type the type flag, {@code '0'} for a regular file and so on
 * @param size the size of the content that follows the header
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9799919799/utilities/pax.html">POSIX pax
 *     interchange format</a>
 */
public record TarHeader(String name, String linkName, char type, long size) {
  /** The unit of a tar archive: headers are one block, contents are padded to whole blocks. */
  public static final int BLOCK = 512;

  /**
   * The largest member size accepted (4 EiB). Nothing real comes near it, and it keeps offset
   * arithmetic ({@code offset + size}, rounding up to a block) far from overflowing into a negative
   * position that would send a reader backwards or past a member's content.
   */
  public static final long MAX_SIZE = 1L << 62;

  /** How much of an untrusted field a message quotes. */
  private static final int QUOTED_CHARS = 40;

  /**
   * The fields of {@code block}, a 512-byte header whose checksum the caller has checked if it
   * cares to.
   *
   * @throws TarFormatException when the size field is not a number
   */
  public static TarHeader parse(byte[] block) throws TarFormatException {
    String name = cString(block, 0, 100);
    if (new String(block, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
      String prefix = cString(block, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
    }
    return new TarHeader(
        name,
        cString(block, 157, 100),
        (char) (block[156] & 0xff),
        checkedSize(number(block, 124, 12, "size")));
  }

  /**
   * The bytes of content that follow this header. Links, devices, directories and FIFOs have none
   * whatever their size field says, as Go's archive/tar (which Docker and containerd extract with)
   * reads them: a reader that skipped a size there would see other members than they do.
   */
  public long contentSize() {
    return switch (type) {
      case '1', '2', '3', '4', '5', '6' -> 0;
      default -> size;
    };
  }

  /**
   * This header as the extended headers before it describe it: a PAX {@code path}, {@code linkpath}
   * or {@code size} replaces the header's own, and a GNU long name or long link replaces both, in
   * the order Go's archive/tar applies them. A null or empty long name or link changes nothing; a
   * PAX record applies as written.
   *
   * @throws TarFormatException when the PAX size is not a non-negative decimal number
   */
  public TarHeader extendedBy(String longName, String longLink, Map<String, String> pax)
      throws TarFormatException {
    String extendedName = isEmpty(longName) ? pax.getOrDefault("path", name) : longName;
    String extendedLink = isEmpty(longLink) ? pax.getOrDefault("linkpath", linkName) : longLink;
    long extendedSize = pax.containsKey("size") ? paxSize(pax.get("size")) : size;
    return new TarHeader(extendedName, extendedLink, type, extendedSize);
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }

  /**
   * A numeric header field: octal digits padded with spaces or NULs, or, when the top bit of its
   * first byte is set, GNU base-256 (how GNU tar writes sizes of 8 GiB and more).
   *
   * @param what the field's name, for the message
   * @throws TarFormatException when the field is neither, or does not fit in a long
   */
  public static long number(byte[] block, int offset, int length, String what)
      throws TarFormatException {
    if ((block[offset] & 0x80) != 0) {
      long value = block[offset] & 0x7f;
      for (int i = offset + 1; i < offset + length; i++) {
        if (value > (Long.MAX_VALUE >> 8)) {
          throw new TarFormatException(
              "the " + what + " field of a tar header is too large; the archive is damaged");
        }
        value = (value << 8) | (block[i] & 0xff);
      }
      return value;
    }
    return octal(block, offset, length, what);
  }

  /**
   * An octal field, ignoring spaces and control characters around the digits and anything after the
   * first NUL. Signs are refused, as Go's archive/tar does: a negative size would send a reader
   * backwards.
   *
   * @throws TarFormatException when anything else is there
   */
  public static long octal(byte[] block, int offset, int length, String what)
      throws TarFormatException {
    String text = cString(block, offset, length).trim();
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '7' || value > (Long.MAX_VALUE >> 3)) {
        throw new TarFormatException(
            "the "
                + what
                + " field of a tar header is not an octal number ("
                + quoted(text)
                + "); the archive is damaged or not a tar");
      }
      value = (value << 3) | (c - '0');
    }
    return value;
  }

  /** The text of a NUL-terminated (or NUL-padded) field, as UTF-8. */
  public static String cString(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** The whole of {@code bytes} up to its first NUL, as a GNU long name or long link holds it. */
  public static String cString(byte[] bytes) {
    return cString(bytes, 0, bytes.length);
  }

  /**
   * The records of a PAX extended header, each {@code "<length> <key>=<value>\n"} where the length
   * counts the whole record. Unknown keys are kept; the caller picks what it understands.
   *
   * @throws TarFormatException when a record's length is not a number, does not fit, or the record
   *     has no {@code =} or does not end with a newline
   */
  public static Map<String, String> parsePax(byte[] data) throws TarFormatException {
    Map<String, String> records = new HashMap<>();
    int i = 0;
    while (i < data.length) {
      int space = i;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw malformedPax("its length is not a number");
      }
      // Compared as a remainder: i + length could overflow past Integer.MAX_VALUE.
      if (length <= space - i + 1 || length > data.length - i) {
        throw malformedPax("it has a bad length of " + length);
      }
      String record = new String(data, space + 1, i + length - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals < 0 || data[i + length - 1] != '\n') {
        throw malformedPax("it is not 'key=value' ending with a newline");
      }
      records.put(record.substring(0, equals), record.substring(equals + 1));
      i += length;
    }
    return records;
  }

  /** Whether {@code block} is all zeros, as the two blocks that end an archive are. */
  public static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code size} rounded up to whole blocks: the room a member's content takes. */
  public static long roundUp(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static long paxSize(String text) throws TarFormatException {
    long size;
    try {
      size = Long.parseLong(text);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 0) {
      throw new TarFormatException(
          "a PAX header has a malformed size (" + quoted(text) + "); the archive is damaged");
    }
    return checkedSize(size);
  }

  private static long checkedSize(long size) throws TarFormatException {
    if (size > MAX_SIZE) {
      throw new TarFormatException(
          "a tar member declares "
              + size
              + " bytes, more than any real archive holds; the archive is damaged or crafted");
    }
    return size;
  }

  /** Untrusted text for a message: quoted, control characters shown as '?', and cut short. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < text.length() && i < QUOTED_CHARS; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.append(text.length() > QUOTED_CHARS ? "…'" : "'").toString();
  }

  private static TarFormatException malformedPax(String why) {
    return new TarFormatException(
        "a PAX header record is malformed: " + why + "; the archive is damaged");
  }
}
