package dev.provenant.cli;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hashes files and streams in constant memory. For a file, one thread reads into a small ring of
 * direct buffers while the calling thread hashes, so the copy out of the page cache overlaps the
 * hashing; measured about 10% faster than a plain read loop on a 1 GiB file (docs/benchmarks.md).
 */
final class FileHasher {
  private static final int BUFFER_SIZE = 1 << 20;
  private static final int BUFFERS = 4;
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private final DigestAlgorithm algorithm;

  FileHasher(DigestAlgorithm algorithm) {
    this.algorithm = algorithm;
  }

  /** The digest and size of what was hashed. */
  record Result(Digest digest, long size) {}

  Result hash(Path file) throws IOException {
    MessageDigest hasher = algorithm.newMessageDigest();
    BlockingQueue<ByteBuffer> empty = new ArrayBlockingQueue<>(BUFFERS);
    BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    for (int i = 0; i < BUFFERS; i++) {
      empty.add(ByteBuffer.allocateDirect(BUFFER_SIZE));
    }
    IOException[] readFailure = new IOException[1];
    try (FileChannel channel = FileChannel.open(file)) {
      Thread reader =
          Thread.ofPlatform()
              .name("provenant-digest-reader")
              .daemon()
              .start(() -> readInto(channel, empty, full, readFailure));
      long size = 0;
      try {
        for (ByteBuffer buffer; (buffer = full.take()) != END; ) {
          size += buffer.remaining();
          hasher.update(buffer);
          empty.put(buffer);
        }
        reader.join();
      } catch (InterruptedException e) {
        reader.interrupt();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while hashing " + file);
      }
      if (readFailure[0] != null) {
        throw readFailure[0];
      }
      return new Result(Digest.of(algorithm, hasher.digest()), size);
    }
  }

  Result hash(InputStream in) throws IOException {
    MessageDigest hasher = algorithm.newMessageDigest();
    byte[] buffer = new byte[1 << 16];
    long size = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      hasher.update(buffer, 0, n);
      size += n;
    }
    return new Result(Digest.of(algorithm, hasher.digest()), size);
  }

  private static void readInto(
      FileChannel channel,
      BlockingQueue<ByteBuffer> empty,
      BlockingQueue<ByteBuffer> full,
      IOException[] failure) {
    try {
      try {
        while (true) {
          ByteBuffer buffer = empty.take();
          buffer.clear();
          if (channel.read(buffer) < 0) {
            break;
          }
          buffer.flip();
          full.put(buffer);
        }
      } catch (IOException e) {
        failure[0] = e;
      }
      full.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
