package dev.provenant.core.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inclusion proofs for every leaf of every tree up to 33 leaves, against an independent
 * implementation of RFC 6962 §2.1 (MTH and PATH written recursively, as the RFC defines them).
 */
class MerkleInclusionTest {

  @Test
  void everyLeafOfEveryTreeUpTo33LeavesVerifies() {
    for (int size = 1; size <= 33; size++) {
      List<byte[]> leaves = leaves(size);
      byte[] root = mth(leaves);
      for (int index = 0; index < size; index++) {
        List<byte[]> proof = path(index, leaves);
        assertThat(MerkleInclusion.verify(index, size, leaves.get(index), proof, root))
            .as("leaf %d of %d", index, size)
            .isTrue();
      }
    }
  }

  @Test
  void aFlippedBitInTheProofFails() {
    List<byte[]> leaves = leaves(13);
    byte[] root = mth(leaves);
    List<byte[]> proof = path(6, leaves);
    proof.get(1)[0] ^= 1;

    assertThat(MerkleInclusion.verify(6, 13, leaves.get(6), proof, root)).isFalse();
  }

  @Test
  void theProofOfAnotherLeafFails() {
    List<byte[]> leaves = leaves(13);
    byte[] root = mth(leaves);

    assertThat(MerkleInclusion.verify(5, 13, leaves.get(5), path(6, leaves), root)).isFalse();
  }

  @Test
  void aProofOfTheWrongLengthIsRejected() {
    List<byte[]> leaves = leaves(8);
    List<byte[]> proof = path(3, leaves);
    proof.removeLast();

    assertThatThrownBy(() -> MerkleInclusion.rootFromProof(3, 8, leaves.get(3), proof))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fewer hashes");
  }

  @Test
  void anIndexOutsideTheTreeIsRejected() {
    assertThat(MerkleInclusion.verify(8, 8, new byte[32], List.of(), new byte[32])).isFalse();
    assertThat(MerkleInclusion.verify(-1, 8, new byte[32], List.of(), new byte[32])).isFalse();
  }

  @Test
  void leafHashPrefixesZero() {
    // SHA-256 of the single byte 0x00: the hash of an empty leaf.
    assertThat(java.util.HexFormat.of().formatHex(MerkleInclusion.leafHash(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  }

  private static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(MerkleInclusion.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return leaves;
  }

  /** RFC 6962 MTH over leaf hashes. */
  private static byte[] mth(List<byte[]> d) {
    if (d.size() == 1) {
      return d.getFirst();
    }
    int k = largestPowerOfTwoBelow(d.size());
    return MerkleInclusion.node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  /** RFC 6962 PATH(m, D[n]). */
  private static List<byte[]> path(int m, List<byte[]> d) {
    List<byte[]> result = new ArrayList<>();
    if (d.size() == 1) {
      return result;
    }
    int k = largestPowerOfTwoBelow(d.size());
    if (m < k) {
      result.addAll(path(m, d.subList(0, k)));
      result.add(mth(d.subList(k, d.size())).clone());
    } else {
      result.addAll(path(m - k, d.subList(k, d.size())));
      result.add(mth(d.subList(0, k)).clone());
    }
    return result;
  }

  private static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }
}
