package dev.provenant.core.provenance;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The build platform that ran the build, by URI: the identity a verifier trusts or not.
 *
 * @see <a href="https://slsa.dev/spec/v1.0/provenance#builder">SLSA v1 provenance, Builder</a>
 */
public record Builder(String id, SortedMap<String, String> version) {

  /** Requires an id; {@code version} (component → version) may be null or empty. */
  public Builder {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("builder.id is required");
    }
    version =
        Collections.unmodifiableSortedMap(new TreeMap<>(version == null ? Map.of() : version));
  }

  public Builder(String id) {
    this(id, null);
  }
}
