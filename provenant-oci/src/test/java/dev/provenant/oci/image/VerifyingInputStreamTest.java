package dev.provenant.oci.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
  private static final byte[] CONTENT = "layer".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(CONTENT);

  @Test
  void contentThatMatchesItsDigestAndSizeReadsThrough() throws Exception {
    try (InputStream in =
        VerifyingInputStream.transfer(new ByteArrayInputStream(CONTENT), DIGEST, 5, "blob")) {
      assertThat(in.readAllBytes()).isEqualTo(CONTENT);
    }
  }

  @Test
  void alteredStoredContentIsAMismatchNamingBothDigests() {
    byte[] altered = "LAYER".getBytes(StandardCharsets.UTF_8);
    InputStream in =
        VerifyingInputStream.stored(new ByteArrayInputStream(altered), DIGEST, "blob " + DIGEST);

    assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
        .isInstanceOfSatisfying(
            VerifyingInputStream.MismatchException.class,
            e -> assertThat(e.expected()).isEqualTo(DIGEST))
        .hasMessage(
            "blob "
                + DIGEST
                + " does not match its digest "
                + DIGEST
                + ": the content read hashes to "
                + Digest.sha256(altered)
                + "; it was altered or corrupted, so do not trust it");
  }

  @Test
  void transferShorterThanAnnouncedIsCutShort() {
    InputStream in =
        VerifyingInputStream.transfer(
            new ByteArrayInputStream(CONTENT), DIGEST, 9, "r/a@" + DIGEST);

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(VerifyingInputStream.MismatchException.class)
        .hasMessageStartingWith("r/a@" + DIGEST + " was cut short: got 5 of the 9 bytes announced");
  }

  @Test
  void transferLongerThanAnnouncedFailsAsSoonAsItIs() {
    InputStream in =
        VerifyingInputStream.transfer(
            new ByteArrayInputStream(CONTENT), DIGEST, 3, "r/a@" + DIGEST);

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(VerifyingInputStream.MismatchException.class)
        .hasMessageStartingWith(
            "r/a@" + DIGEST + " is longer than announced: got 5 bytes or more, but 3 were");
  }

  @Test
  void brokenTransferSaysHowFarItGot() {
    InputStream broken =
        new InputStream() {
          private int left = 2;

          @Override
          public int read() throws IOException {
            if (left-- > 0) {
              return 'x';
            }
            throw new IOException("connection reset");
          }
        };
    InputStream in = VerifyingInputStream.transfer(broken, DIGEST, 5, "r/a@" + DIGEST);

    assertThatThrownBy(in::readAllBytes)
        .isNotInstanceOf(VerifyingInputStream.MismatchException.class)
        .hasMessage(
            "r/a@"
                + DIGEST
                + " was cut short after 2 of 5 bytes (connection reset): the registry or the"
                + " network broke the transfer; try again");
  }
}
