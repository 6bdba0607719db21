package dev.provenant.core.digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes every byte read through it, so content can be verified while it streams. */
public final class DigestingInputStream extends FilterInputStream {
  private final DigestAlgorithm algorithm;
  private final MessageDigest messageDigest;
  private long count;

  public DigestingInputStream(InputStream in, DigestAlgorithm algorithm) {
    super(in);
    this.algorithm = algorithm;
    this.messageDigest = algorithm.newMessageDigest();
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      messageDigest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      messageDigest.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be hashed, so read them instead.
    byte[] sink = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** How many bytes have been read so far. */
  public long count() {
    return count;
  }

  /** The digest of everything read so far; call once, at the end of the stream. */
  public Digest digest() {
    return Digest.of(algorithm, messageDigest.digest());
  }
}
