package dev.provenant.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Verification never throws for what an attacker controls: it says no. */
class SignatureVerifierTest {
  private static final byte[] DATA = "provenant".getBytes(StandardCharsets.UTF_8);

  @Test
  void garbageSignatureBytesAreNotValid() {
    SigningKey key = SigningKey.generateEcP256();

    assertThat(SignatureVerifier.verify(key.publicKey(), DATA, new byte[] {1, 2, 3})).isFalse();
    assertThat(SignatureVerifier.verify(key.publicKey(), DATA, new byte[0])).isFalse();
  }

  @Test
  void signatureByAnotherKeyIsNotValid() {
    SigningKey signer = SigningKey.generateEcP256();
    SigningKey other = SigningKey.generateEcP256();

    assertThat(SignatureVerifier.verify(other.publicKey(), DATA, signer.sign(DATA))).isFalse();
  }

  @Test
  void signatureOverOtherDataIsNotValid() {
    SigningKey key = SigningKey.generateEcP256();

    assertThat(SignatureVerifier.verify(key.publicKey(), "other".getBytes(), key.sign(DATA)))
        .isFalse();
  }

  @Test
  void ownSignatureIsValid() {
    SigningKey key = SigningKey.generateEcP256();

    assertThat(SignatureVerifier.verify(key.publicKey(), DATA, key.sign(DATA))).isTrue();
  }
}
