package dev.provenant.sbom.fs;

import dev.provenant.oci.archive.TarHeader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
  private static final int BLOCK = TarHeader.BLOCK;
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
      if (TarHeader.isZero(header)) {
        ended = true;
        return null;
      }
      TarHeader block = TarHeader.parse(header);
      switch (block.type()) {
        case 'L' -> longName = TarHeader.cString(extended(block.size()));
        case 'K' -> longLink = TarHeader.cString(extended(block.size()));
        case 'x' -> pax = TarHeader.parsePax(extended(block.size()));
        case 'g' -> TarHeader.parsePax(extended(block.size()));
        default -> {
          TarHeader member = block.extendedBy(longName, longLink, pax);
          char flag = member.type();
          long size = member.contentSize();
          remaining = size;
          padding = TarHeader.roundUp(size) - size;
          return new Member(member.name(), flag, size, member.linkName());
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
    skipFully(TarHeader.roundUp(size) - size);
    return data;
  }
}
