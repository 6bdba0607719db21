package dev.provenant.sbom.fs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar archive forwards from a stream, one member at a time, without seeking: what a layer
 * blob needs, since it is streamed from a registry or an archive and usually compressed.
 *
 * <p>Understands ustar names with prefixes, GNU long names and link names ({@code L}, {@code K})
 * and PAX extended headers ({@code path}, {@code linkpath}, {@code size}), each bounded in size.
 *
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9799919799/utilities/pax.html">POSIX pax
 *     interchange format</a>
 */
final class TarStream {
  private static final int BLOCK = 512;
  private static final int MAX_EXTENDED_BYTES = 1024 * 1024;

  /** One member: its raw name, its type flag, its size and link target. */
  record Member(String name, char type, long size, String linkName) {
    boolean isFile() {
      return type == '0' || type == 0 || type == '7';
    }

    boolean isHardlink() {
      return type == '1';
    }

    boolean isDirectory() {
      return type == '5';
    }
  }

  private final InputStream in;
  private long remaining;
  private long padding;
  private boolean ended;

  TarStream(InputStream in) {
    this.in = in;
  }

  /** The next member, or null at the end of the archive; skips what is left of the previous one. */
  Member next() throws IOException {
    skipRest();
    String longName = null;
    String longLink = null;
    Map<String, String> pax = Map.of();
    while (!ended) {
      byte[] header = in.readNBytes(BLOCK);
      if (header.length == 0) {
        ended = true;
        return null;
      }
      if (header.length < BLOCK) {
        throw new EOFException("the tar stream ends inside a header");
      }
      if (isZero(header)) {
        ended = true;
        return null;
      }
      char flag = (char) (header[156] & 0xff);
      long size = number(header, 124, 12);
      switch (flag) {
        case 'L' -> longName = cString(extended(size));
        case 'K' -> longLink = cString(extended(size));
        case 'x' -> pax = parsePax(extended(size));
        case 'g' -> parsePax(extended(size));
        default -> {
          String name = cString(slice(header, 0, 100));
          if (new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            String prefix = cString(slice(header, 345, 155));
            if (!prefix.isEmpty()) {
              name = prefix + "/" + name;
            }
          }
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
            try {
              size = Long.parseLong(pax.get("size"));
            } catch (NumberFormatException e) {
              throw new IOException("a PAX header has a malformed size: " + pax.get("size"));
            }
          }
          if (flag == '1' || flag == '2' || flag == '5') {
            size = 0;
          }
          remaining = size;
          padding = (BLOCK - size % BLOCK) % BLOCK;
          return new Member(name, flag, size, link);
        }
      }
    }
    return null;
  }

  /** The current member's content; reading stops at its end. Not to be closed by the caller. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
          throw new EOFException("the tar stream ends inside a member");
        }
        remaining -= n;
        return n;
      }
    };
  }

  private void skipRest() throws IOException {
    skipFully(remaining + padding);
    remaining = 0;
    padding = 0;
  }

  private void skipFully(long count) throws IOException {
    // InputStream.skipNBytes reads when skip() cannot, and throws at a premature end.
    in.skipNBytes(count);
  }

  private byte[] extended(long size) throws IOException {
    if (size > MAX_EXTENDED_BYTES) {
      throw new IOException(
          "a tar extended header of " + size + " bytes exceeds " + MAX_EXTENDED_BYTES);
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new EOFException("the tar stream ends inside an extended header");
    }
    skipFully((BLOCK - size % BLOCK) % BLOCK);
    return data;
  }

  private static Map<String, String> parsePax(byte[] data) throws IOException {
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
        throw new IOException("a PAX header record is malformed");
      }
      if (length <= space - i + 1 || i + length > data.length) {
        throw new IOException("a PAX header record has a bad length");
      }
      String record = new String(data, space + 1, i + length - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals > 0) {
        records.put(record.substring(0, equals), record.substring(equals + 1));
      }
      i += length;
    }
    return records;
  }

  private static long number(byte[] header, int offset, int length) throws IOException {
    if ((header[offset] & 0x80) != 0) {
      long value = header[offset] & 0x7f;
      for (int i = offset + 1; i < offset + length; i++) {
        value = (value << 8) | (header[i] & 0xff);
      }
      return value;
    }
    String text = cString(slice(header, offset, length)).trim();
    try {
      return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw new IOException("a tar header has a malformed size '" + text + "'");
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
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
}
