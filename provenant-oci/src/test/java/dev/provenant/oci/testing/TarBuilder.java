package dev.provenant.oci.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes tar archives byte by byte, including the malformed ones (hostile names, bad checksums)
 * that no well-behaved tool would produce, for tests of archive readers.
 */
public final class TarBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Adds a regular file, with a GNU long-name entry first when the name exceeds 100 bytes. */
  public TarBuilder file(String name, byte[] content) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      byte[] longName = (name + "\0").getBytes(StandardCharsets.UTF_8);
      header("././@LongLink", longName.length, 'L', "");
      data(longName);
      header(name.substring(0, 100), content.length, '0', "");
    } else {
      header(name, content.length, '0', "");
    }
    data(content);
    return this;
  }

  /** Adds a regular file. */
  public TarBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a regular file whose real name comes from a PAX extended header. */
  public TarBuilder paxFile(String name, byte[] content) {
    int recordBytes = ("path=" + name + "\n").getBytes(StandardCharsets.UTF_8).length;
    int length = recordBytes + 2;
    while (String.valueOf(length).length() + 1 + recordBytes != length) {
      length++;
    }
    byte[] pax = (length + " path=" + name + "\n").getBytes(StandardCharsets.UTF_8);
    header("PaxHeaders/x", pax.length, 'x', "");
    data(pax);
    header("placeholder-name", content.length, '0', "");
    data(content);
    return this;
  }

  /** Adds a directory entry. */
  public TarBuilder directory(String name) {
    header(name.endsWith("/") ? name : name + "/", 0, '5', "");
    return this;
  }

  /** Adds a symbolic link. */
  public TarBuilder symlink(String name, String target) {
    header(name, 0, '2', target);
    return this;
  }

  /** The archive with its two zero end blocks. */
  public byte[] build() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[1024]);
    return copy.toByteArray();
  }

  /** The archive, gzip-compressed. */
  public byte[] buildGzip() {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  private void header(String name, long size, char type, String linkName) {
    byte[] header = new byte[512];
    put(header, 0, 100, name);
    put(header, 100, 8, String.format("%07o", 0644));
    put(header, 108, 8, String.format("%07o", 0));
    put(header, 116, 8, String.format("%07o", 0));
    put(header, 124, 12, String.format("%011o", size));
    put(header, 136, 12, String.format("%011o", 0));
    header[156] = (byte) type;
    put(header, 157, 100, linkName);
    put(header, 257, 6, "ustar");
    put(header, 263, 2, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, 8, String.format("%06o", sum) + "\0 ");
    out.writeBytes(header);
  }

  private void data(byte[] content) {
    out.writeBytes(content);
    int padding = (512 - content.length % 512) % 512;
    out.writeBytes(new byte[padding]);
  }

  private static void put(byte[] header, int offset, int length, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
  }
}
