package dev.provenant.core.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
  // sha256 of "hello\n", as printed by `printf 'hello\n' | sha256sum`.
  private static final String HELLO_SHA256 =
      "sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

  @Test
  void computesTheSameSha256AsCoreutils() throws Exception {
    Digest digest = Digest.sha256("hello\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(digest).isEqualTo(Digest.parse(HELLO_SHA256));
    assertThat(digest.toString()).isEqualTo(HELLO_SHA256);
  }

  @Test
  void streamingDigestEqualsOneShotDigest() throws Exception {
    byte[] content = new byte[100_000];
    new java.util.Random(7).nextBytes(content);
    try (DigestingInputStream in =
        new DigestingInputStream(new ByteArrayInputStream(content), DigestAlgorithm.SHA512)) {
      in.skip(10);
      in.readAllBytes();
      assertThat(in.count()).isEqualTo(content.length);
      assertThat(in.digest()).isEqualTo(Digest.compute(DigestAlgorithm.SHA512, content));
    }
  }

  @Test
  void matchesOnlyTheContentItWasComputedFrom() {
    Digest digest = Digest.sha256(new byte[] {1, 2, 3});

    assertThat(digest.matches(new byte[] {1, 2, 3})).isTrue();
    assertThat(digest.matches(new byte[] {1, 2, 4})).isFalse();
  }

  @Test
  void refusesUppercaseAlgorithmAndHex() {
    assertThatThrownBy(() -> Digest.parse("SHA256:" + "a".repeat(64)))
        .isInstanceOf(InvalidDigestException.class)
        .hasMessageContaining("algorithm must be lowercase 'sha256'");
    assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64)))
        .isInstanceOf(InvalidDigestException.class)
        .hasMessageContaining("character 'A' at position 1 of the hex is not lowercase hex");
  }

  @Test
  void refusesWrongLengthForTheAlgorithm() {
    assertThatThrownBy(() -> Digest.parse("sha512:" + "a".repeat(64)))
        .isInstanceOf(InvalidDigestException.class)
        .hasMessage(
            "invalid digest 'sha512:"
                + "a".repeat(64)
                + "': sha512 needs 128 hex characters, got 64");
  }

  @Test
  void refusesUnknownAlgorithm() {
    assertThatThrownBy(() -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e"))
        .isInstanceOf(InvalidDigestException.class)
        .hasMessageContaining("unsupported digest algorithm 'md5': use sha256 or sha512");
  }
}
