package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Reading a review's body: a body over the limit and a broken connection are told apart. */
class AdmissionRequestBodyTest {
  @Test
  void bodyWithinTheLimitIsRead() {
    RequestBody body = RequestBody.read(new ByteArrayInputStream(new byte[10]), 10);

    assertThat(body.refusal()).isNull();
    assertThat(body.bytes()).hasSize(10);
  }

  @Test
  void bodyOverTheLimitIsRefusedAsTooLarge() {
    RequestBody body = RequestBody.read(new ByteArrayInputStream(new byte[11]), 10);

    assertThat(body.refusal().status()).isEqualTo(400);
    assertThat(body.refusal().text()).contains("the body is larger than 10 bytes");
  }

  @Test
  void failedReadIsRefusedWithItsCauseNotAsTooLarge() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset by peer");
          }
        };

    RequestBody body = RequestBody.read(broken, 10);

    assertThat(body.refusal().status()).isEqualTo(400);
    assertThat(body.refusal().text())
        .contains("the body could not be read: connection reset by peer")
        .doesNotContain("larger than");
  }
}
