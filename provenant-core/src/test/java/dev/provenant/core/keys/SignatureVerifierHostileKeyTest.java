package dev.provenant.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class SignatureVerifierHostileKeyTest {

  @Test
  void aKeyTypeProvenantDoesNotSignWithIsNotValidRatherThanAnError() throws Exception {
    // A hostile certificate may carry any key; its signature must simply not verify.
    KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
    dsa.initialize(2048);

    boolean valid =
        SignatureVerifier.verify(dsa.generateKeyPair().getPublic(), new byte[] {1}, new byte[] {2});

    assertThat(valid).isFalse();
  }
}
