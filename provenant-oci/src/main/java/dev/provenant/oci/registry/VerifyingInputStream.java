package dev.provenant.oci.registry;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob being streamed from a registry, checked at its end: reading past the last byte throws an
 * {@link IOException} if fewer bytes arrived than the registry announced or if they do not hash to
 * the expected digest. A caller that reads to the end has therefore verified the blob.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final DigestingInputStream digesting;
  private final Digest expected;
  private final long expectedLength;
  private final String what;
  private boolean verified;

  /**
   * @param expectedLength the announced Content-Length, or -1 when the registry sent none
   * @param what the blob, for messages: {@code registry/repo@sha256:…}
   */
  VerifyingInputStream(InputStream in, Digest expected, long expectedLength, String what) {
    this(new DigestingInputStream(in, expected.algorithm()), expected, expectedLength, what);
  }

  private VerifyingInputStream(
      DigestingInputStream digesting, Digest expected, long expectedLength, String what) {
    super(digesting);
    this.digesting = digesting;
    this.expected = expected;
    this.expectedLength = expectedLength;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = readChecked(() -> super.read());
    if (b < 0) {
      verifyAtEnd();
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    int n = readChecked(() -> super.read(buffer, offset, length));
    if (n < 0) {
      verifyAtEnd();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return digesting.skip(n);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private interface Read {
    int run() throws IOException;
  }

  private int readChecked(Read read) throws IOException {
    try {
      return read.run();
    } catch (IOException e) {
      if (verified) {
        throw e;
      }
      throw new IOException(
          what
              + " was cut short after "
              + digesting.count()
              + (expectedLength >= 0 ? " of " + expectedLength : "")
              + " bytes ("
              + e.getMessage()
              + "): the registry or the network broke the transfer; try again",
          e);
    }
  }

  private void verifyAtEnd() throws IOException {
    if (verified) {
      return;
    }
    verified = true;
    long count = digesting.count();
    if (expectedLength >= 0 && count != expectedLength) {
      throw new IOException(
          what
              + " was cut short: got "
              + count
              + " of the "
              + expectedLength
              + " bytes announced; the blob may be damaged in the registry, or the transfer broke");
    }
    Digest actual = digesting.digest();
    if (!actual.equals(expected)) {
      throw new IOException(
          what
              + " does not match its digest: the "
              + count
              + " bytes received hash to "
              + actual
              + "; the content was altered or damaged in the registry or on the way, do not use it");
    }
  }
}
