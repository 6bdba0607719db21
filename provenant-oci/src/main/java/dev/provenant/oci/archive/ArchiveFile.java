package dev.provenant.oci.archive;

import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * An image archive opened for random access: an uncompressed tar read in place through a {@link
 * FileChannel}, or a gzip-compressed one first decompressed into a temporary tar that is deleted on
 * {@link #close()}.
 */
final class ArchiveFile implements AutoCloseable {
  /** The largest archive that is decompressed to disk, against gzip bombs. */
  static final long MAX_DECOMPRESSED_BYTES = 64L * 1024 * 1024 * 1024;

  private final String where;
  private final FileChannel channel;
  private final Path temporary;
  private final TarIndex index;

  private ArchiveFile(String where, FileChannel channel, Path temporary, TarIndex index) {
    this.where = where;
    this.channel = channel;
    this.temporary = temporary;
    this.index = index;
  }

  /**
   * Opens and indexes {@code file}.
   *
   * @param where the archive as the user named it, for messages: {@code docker-archive:/x.tar}
   */
  static ArchiveFile open(Path file, String where) throws ImageAccessException {
    Path temporary = null;
    FileChannel channel = null;
    try {
      if (Files.isDirectory(file)) {
        throw new ImageAccessException(
            Failure.INVALID_INPUT,
            where + " is a directory, not an archive (for a layout directory use oci:)");
      }
      Path tar = file;
      if (isGzip(file)) {
        temporary = Files.createTempFile("provenant-archive-", ".tar");
        decompress(file, temporary, where);
        tar = temporary;
      }
      channel = FileChannel.open(tar, StandardOpenOption.READ);
      return new ArchiveFile(where, channel, temporary, TarIndex.read(channel, where));
    } catch (NoSuchFileException e) {
      cleanUp(channel, temporary);
      throw new ImageAccessException(Failure.NOT_FOUND, where + ": no such file", e);
    } catch (IOException e) {
      cleanUp(channel, temporary);
      throw new ImageAccessException(
          Failure.INVALID_INPUT, "cannot read " + where + ": " + e.getMessage(), e);
    } catch (ImageAccessException | RuntimeException e) {
      cleanUp(channel, temporary);
      throw e;
    }
  }

  /** The archive, for messages. */
  String where() {
    return where;
  }

  /** The regular file {@code name}, following links; empty when the archive has none. */
  Optional<TarEntry> file(String name) throws ImageAccessException {
    return index.file(name);
  }

  /** Reads a whole member, refusing one larger than {@code maxBytes}. */
  byte[] read(TarEntry entry, long maxBytes, String what) throws ImageAccessException {
    if (entry.size() > maxBytes) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          what
              + " ("
              + entry.name()
              + " in "
              + where
              + ") is "
              + entry.size()
              + " bytes, more than the "
              + maxBytes
              + " allowed; refusing to read it into memory");
    }
    byte[] bytes = new byte[(int) entry.size()];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, entry.dataOffset() + buffer.position());
        if (n < 0) {
          throw new IOException("the archive ended early");
        }
      }
    } catch (IOException e) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "cannot read " + entry.name() + " from " + where + ": " + e.getMessage(),
          e);
    }
    return bytes;
  }

  /** Streams a member's bytes. */
  InputStream open(TarEntry entry) {
    return new BufferedInputStream(new RangeInputStream(channel, entry), 64 * 1024);
  }

  /** Whether a member is itself gzip-compressed (docker-archive layers may be). */
  boolean isGzip(TarEntry entry) throws ImageAccessException {
    if (entry.size() < 2) {
      return false;
    }
    ByteBuffer magic = ByteBuffer.allocate(2);
    try {
      while (magic.hasRemaining()) {
        if (channel.read(magic, entry.dataOffset() + magic.position()) < 0) {
          return false;
        }
      }
    } catch (IOException e) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT, "cannot read " + entry.name() + " from " + where, e);
    }
    return (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b;
  }

  @Override
  public void close() {
    cleanUp(channel, temporary);
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(2);
      return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }
  }

  private static void decompress(Path file, Path into, String where)
      throws IOException, ImageAccessException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024);
        OutputStream out = Files.newOutputStream(into)) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > MAX_DECOMPRESSED_BYTES) {
          throw new ImageAccessException(
              Failure.INVALID_INPUT,
              where
                  + " decompresses to more than "
                  + MAX_DECOMPRESSED_BYTES
                  + " bytes; refusing it (a gzip bomb?)");
        }
        out.write(buffer, 0, n);
      }
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          where + " is a truncated or corrupt gzip file (" + e.getMessage() + "); copy it again",
          e);
    }
  }

  private static void cleanUp(FileChannel channel, Path temporary) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // Closing a read-only channel loses nothing.
    }
    try {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      // The temporary tar is in the system temporary directory, which is cleaned eventually.
    }
  }

  /** A member's bytes, read with positional reads so that several streams may be open at once. */
  private static final class RangeInputStream extends InputStream {
    private final FileChannel channel;
    private final long end;
    private long position;

    RangeInputStream(FileChannel channel, TarEntry entry) {
      this.channel = channel;
      this.position = entry.dataOffset();
      this.end = entry.dataOffset() + entry.size();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (position >= end) {
        return -1;
      }
      int wanted = (int) Math.min(length, end - position);
      int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
      if (n < 0) {
        throw new IOException("the archive ended early, at offset " + position);
      }
      position += n;
      return n;
    }
  }
}
