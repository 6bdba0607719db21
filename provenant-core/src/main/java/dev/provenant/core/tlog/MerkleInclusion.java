package dev.provenant.core.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Merkle tree inclusion proofs as transparency logs (Rekor, CT) use them: SHA-256 with a {@code
 * 0x00} prefix for leaves and {@code 0x01} for interior nodes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.2">RFC 9162 §2.1.3.2,
 *     verifying an inclusion proof</a> (the RFC 6962 tree with its verification algorithm spelled
 *     out)
 */
public final class MerkleInclusion {
  private MerkleInclusion() {}

  /** The hash of a leaf: {@code SHA-256(0x00 || entry)}. */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x00);
    sha.update(entry);
    return sha.digest();
  }

  /**
   * Recomputes the root from a leaf hash and its audit path.
   *
   * @throws IllegalArgumentException when the index, tree size and path length cannot fit together
   */
  public static byte[] rootFromProof(
      long index, long treeSize, byte[] leafHash, List<byte[]> proof) {
    if (index < 0 || treeSize <= 0 || index >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is outside a tree of size " + treeSize);
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (p.length != 32) {
        throw new IllegalArgumentException("a proof hash has " + p.length + " bytes, not 32");
      }
      if (sn == 0) {
        throw new IllegalArgumentException(
            "the proof has more hashes than a tree of size " + treeSize + " needs");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new IllegalArgumentException(
          "the proof has fewer hashes than a tree of size " + treeSize + " needs");
    }
    return r;
  }

  /** Whether {@code proof} shows the leaf at {@code index} is in the tree with {@code root}. */
  public static boolean verify(
      long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
    try {
      return MessageDigest.isEqual(rootFromProof(index, treeSize, leafHash, proof), root);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static byte[] node(byte[] left, byte[] right) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x01);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
