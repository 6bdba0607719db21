package dev.provenant.core.dsse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PaeTest {
  /** The worked example of the DSSE v1 protocol document. */
  @Test
  void encodesTheDsseSpecExample() {
    byte[] pae =
        Pae.encode("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(pae, StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  }

  @Test
  void lengthsCountBytesNotCharacters() {
    byte[] pae = Pae.encode("t", "é".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(pae, StandardCharsets.UTF_8)).isEqualTo("DSSEv1 1 t 2 é");
  }

  @Test
  void emptyPayloadHasLengthZero() {
    assertThat(new String(Pae.encode("", new byte[0]), StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 0  0 ");
  }
}
