package dev.provenant.core.bundle;

import java.util.List;
import java.util.Objects;

/**
 * A Merkle inclusion proof for a log entry: the entry's index in the tree (for a sharded Rekor v1,
 * the index within its shard), the tree it is proven against, the audit path, and the log's signed
 * checkpoint for that tree (may be null in old v0.1 bundles).
 */
public record InclusionProof(
    long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes, String checkpoint) {
  public InclusionProof {
    Objects.requireNonNull(rootHash, "rootHash");
    hashes = List.copyOf(hashes);
  }
}
