package dev.provenant.core.bundle;

import dev.provenant.core.digest.Digest;
import java.util.Objects;

/**
 * A signature over the artifact's bytes, with the artifact's digest as an (unauthenticated) hint.
 */
public record MessageSignature(Digest messageDigest, byte[] signature) {
  public MessageSignature {
    Objects.requireNonNull(signature, "signature");
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
