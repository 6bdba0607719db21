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
  private final java.util.Set<java.nio.file.Path> files = new java.util.LinkedHashSet<>();

  /** Adds a file read for the set: its content joins the revision, its path the files read. */
  void add(java.nio.file.Path file, byte[] content) {
    files.add(file.toAbsolutePath().normalize());
    add(content);
  }

  /** Every file read so far, in the order first read. */
  java.util.List<java.nio.file.Path> files() {
    return java.util.List.copyOf(files);
  }

  private void add(byte[] content) {
    sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(content.length).array());
    sha256.update(content);
  }

  String finish() {
    return Digest.of(DigestAlgorithm.SHA256, sha256.digest()).toString();
  }
}
