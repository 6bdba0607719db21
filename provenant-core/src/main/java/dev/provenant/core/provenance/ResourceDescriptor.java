package dev.provenant.core.provenance;

import dev.provenant.core.digest.Digest;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An in-toto ResourceDescriptor as provenance uses it: a subject, a resolved dependency or a
 * byproduct, named by URI and/or a digest set ({@code sha256}, {@code gitCommit}… → lower-case
 * hex).
 *
 * @see <a
 *     href="https://github.com/in-toto/attestation/blob/main/spec/v1/resource_descriptor.md">in-toto
 *     ResourceDescriptor</a>
 * @see <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/digest_set.md">in-toto
 *     DigestSet</a>
 */
public record ResourceDescriptor(String name, String uri, SortedMap<String, String> digest) {

  /** The digest-set key the in-toto spec names for a Git commit id (sha1 or sha256 hex). */
  public static final String GIT_COMMIT = "gitCommit";

  /** Requires a URI or at least one digest; keeps the digest set sorted by algorithm. */
  public ResourceDescriptor {
    digest = Collections.unmodifiableSortedMap(new TreeMap<>(digest == null ? Map.of() : digest));
    if ((uri == null || uri.isBlank()) && digest.isEmpty()) {
      throw new IllegalArgumentException(
          "a resource descriptor needs a uri or a digest (name '" + name + "')");
    }
    digest.forEach(
        (algorithm, value) -> {
          Objects.requireNonNull(value, algorithm);
          if (algorithm.isBlank() || value.isBlank()) {
            throw new IllegalArgumentException("empty digest entry '" + algorithm + "'");
          }
        });
  }

  /** A subject: an artifact by name and content digest. */
  public static ResourceDescriptor subject(String name, Digest digest) {
    return new ResourceDescriptor(
        name, null, new TreeMap<>(Map.of(digest.algorithm().label(), digest.hex())));
  }

  /** A source checkout: the repository URI and the commit it was at. */
  public static ResourceDescriptor gitCommit(String uri, String commit) {
    return new ResourceDescriptor(null, uri, new TreeMap<>(Map.of(GIT_COMMIT, commit)));
  }
}
