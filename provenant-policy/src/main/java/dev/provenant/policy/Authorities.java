package dev.provenant.policy;

import java.util.List;

/**
 * Who must have signed: {@code threshold} of the listed authorities (k of n), each counted once
 * however many signatures it made.
 *
 * @param requireTransparencyLog whether signatures need a transparency log entry (or, for keyless
 *     ones, a timestamp) as {@code verify} requires by default; false accepts keyed signatures made
 *     offline, as {@code verify --insecure-ignore-tlog}
 */
public record Authorities(
    int threshold,
    List<KeyAuthority> keys,
    List<KeylessAuthority> keyless,
    boolean requireTransparencyLog) {
  public Authorities {
    keys = List.copyOf(keys);
    keyless = List.copyOf(keyless);
    if (threshold < 1 || threshold > keys.size() + keyless.size()) {
      throw new IllegalArgumentException(
          "threshold "
              + threshold
              + " needs between 1 and "
              + (keys.size() + keyless.size())
              + " (the number of authorities listed)");
    }
  }

  /** Every authority's name, keys first. */
  public List<String> names() {
    return java.util.stream.Stream.concat(
            keys.stream().map(KeyAuthority::name), keyless.stream().map(KeylessAuthority::name))
        .toList();
  }
}
