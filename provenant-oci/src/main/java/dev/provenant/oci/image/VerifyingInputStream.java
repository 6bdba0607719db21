package dev.provenant.oci.image;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Checks a blob against its digest as it streams: reading past the last byte throws a {@link
 * MismatchException} if the content does not hash to the expected digest or, when a size was
 * announced, is shorter or longer than that. A caller that reads to the end has therefore verified
 * the blob.
 *
 * <p>{@link #stored} is for blobs read from a file or an archive, whose read failures pass through
 * as they are; {@link #transfer} is for blobs streamed from a registry, where a failing read means
 * the transfer broke and is reported with how far it got.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final DigestingInputStream digesting;
  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final boolean transfer;
  private boolean verified;

  private VerifyingInputStream(
      DigestingInputStream digesting,
      Digest expected,
      long expectedSize,
      String what,
      boolean transfer) {
    super(digesting);
    this.digesting = digesting;
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = Objects.requireNonNull(what, "what");
    this.transfer = transfer;
  }

  /**
   * A blob read from storage (a layout's file, an archive's entry), with no size to check.
   *
   * @param what the blob, for messages: {@code blob sha256:… in oci:/tmp/layout}
   */
  public static VerifyingInputStream stored(InputStream in, Digest expected, String what) {
    return new VerifyingInputStream(
        new DigestingInputStream(in, expected.algorithm()), expected, -1, what, false);
  }

  /**
   * A blob streamed from a registry.
   *
   * @param expectedSize the announced Content-Length, or -1 when the registry sent none
   * @param what the blob, for messages: {@code registry/repo@sha256:…}
   */
  public static VerifyingInputStream transfer(
      InputStream in, Digest expected, long expectedSize, String what) {
    return new VerifyingInputStream(
        new DigestingInputStream(in, expected.algorithm()), expected, expectedSize, what, true);
  }

  @Override
  public int read() throws IOException {
    int b = readChecked(() -> super.read());
    if (b < 0) {
      verifyAtEnd();
    } else {
      checkNotTooLong();
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
    } else {
      checkNotTooLong();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // DigestingInputStream reads what is skipped, so that it is hashed all the same.
    return digesting.skip(n);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** The content read does not match the digest or the size it was asked for by. */
  public static final class MismatchException extends IOException {
    private final Digest expected;

    MismatchException(String message, Digest expected) {
      super(message);
      this.expected = expected;
    }

    /** The digest the content was asked for by. */
    public Digest expected() {
      return expected;
    }
  }

  private interface Read {
    int run() throws IOException;
  }

  private int readChecked(Read read) throws IOException {
    if (!transfer) {
      return read.run();
    }
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
              + (expectedSize >= 0 ? " of " + expectedSize : "")
              + " bytes ("
              + e.getMessage()
              + "): the registry or the network broke the transfer; try again",
          e);
    }
  }

  private void checkNotTooLong() throws MismatchException {
    long count = digesting.count();
    if (expectedSize >= 0 && count > expectedSize) {
      verified = true;
      throw new MismatchException(
          what
              + " is longer than announced: got "
              + count
              + " bytes or more, but "
              + expectedSize
              + " were announced; the blob may be damaged in the registry, or the transfer is"
              + " corrupt",
          expected);
    }
  }

  private void verifyAtEnd() throws MismatchException {
    if (verified) {
      return;
    }
    verified = true;
    long count = digesting.count();
    if (expectedSize >= 0 && count != expectedSize) {
      throw new MismatchException(
          what
              + " was cut short: got "
              + count
              + " of the "
              + expectedSize
              + " bytes announced; the blob may be damaged in the registry, or the transfer broke",
          expected);
    }
    Digest actual = digesting.digest();
    if (!actual.equals(expected)) {
      throw new MismatchException(
          what
              + " does not match its digest "
              + expected
              + ": the content read hashes to "
              + actual
              + (transfer
                  ? " ("
                      + count
                      + " bytes received); the content was altered or damaged in the"
                      + " registry or on the way, do not use it"
                  : "; it was altered or corrupted, so do not trust it"),
          expected);
    }
  }
}
