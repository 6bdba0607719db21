package dev.provenant.core.bundle;

import java.util.Objects;
import java.util.Optional;

/**
 * One transparency log entry in a bundle.
 *
 * @param logIndex the entry's global index in the log (what the SET signs)
 * @param logId the log's ID, which names its key in the trusted root
 * @param kind the entry type: {@code hashedrekord}, {@code dsse}, {@code intoto}
 * @param version the entry type version: {@code 0.0.1}, {@code 0.0.2}…
 * @param integratedTime seconds since the epoch when Rekor v1 integrated the entry; 0 for Rekor v2,
 *     which has no integrated time
 * @param signedEntryTimestamp the SET ({@code inclusionPromise}), or null
 * @param inclusionProof the inclusion proof, or null
 * @param canonicalizedBody the entry body exactly as the log hashed it
 */
public record TlogEntry(
    long logIndex,
    byte[] logId,
    String kind,
    String version,
    long integratedTime,
    byte[] signedEntryTimestamp,
    InclusionProof inclusionProof,
    byte[] canonicalizedBody) {
  public TlogEntry {
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(canonicalizedBody, "canonicalizedBody");
  }

  public Optional<byte[]> set() {
    return Optional.ofNullable(signedEntryTimestamp);
  }

  public Optional<InclusionProof> proof() {
    return Optional.ofNullable(inclusionProof);
  }
}
