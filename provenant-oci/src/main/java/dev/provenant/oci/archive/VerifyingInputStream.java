package dev.provenant.oci.archive;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails at the end of the stream when what was read does not hash to the expected digest, so that a
 * reader who reads to the end has verified the content.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final String what;
  private boolean checked;

  VerifyingInputStream(InputStream in, Digest expected, String what) {
    super(new DigestingInputStream(in, expected.algorithm()));
    this.expected = expected;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      check();
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      check();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return in.skip(n);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** The content read does not hash to the digest it was asked for by. */
  static final class MismatchException extends IOException {
    MismatchException(String message) {
      super(message);
    }
  }

  private void check() throws IOException {
    if (checked) {
      return;
    }
    checked = true;
    Digest actual = ((DigestingInputStream) in).digest();
    if (!actual.equals(expected)) {
      throw new MismatchException(
          what
              + " does not match its digest "
              + expected
              + ": the content read hashes to "
              + actual
              + "; it was altered or corrupted, so do not trust it");
    }
  }
}
