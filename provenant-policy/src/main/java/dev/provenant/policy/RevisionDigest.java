package dev.provenant.policy;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestAlgorithm;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * The {@code sha256:} revision of a policy set, over every policy and key file read, in order. Each
 * input is length-prefixed so that moving bytes from one file to the next changes the revision.
 */
final class RevisionDigest {
  private final MessageDigest sha256 = DigestAlgorithm.SHA256.newMessageDigest();

  void add(byte[] content) {
    sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(content.length).array());
    sha256.update(content);
  }

  String finish() {
    return Digest.of(DigestAlgorithm.SHA256, sha256.digest()).toString();
  }
}
