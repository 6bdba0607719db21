package dev.provenant.oci.signature;

import dev.provenant.core.digest.Digest;
import java.util.Map;
import java.util.Objects;

/**
 * A Sigstore bundle found attached to an image: the referrer manifest that holds it, that
 * manifest's annotations, and the bundle's bytes — or, when the referrer could not be read (gone,
 * altered, not a bundle manifest), why not, so that the verdict says so instead of the whole
 * verification failing on one bad referrer.
 *
 * @param bundleJson the bundle's bytes; null when {@code problem} says why there are none
 * @param problem why the bundle could not be read; null when it was
 */
public record StoredBundle(
    Digest manifest, Map<String, String> annotations, byte[] bundleJson, String problem) {
  public StoredBundle {
    Objects.requireNonNull(manifest, "manifest");
    annotations = Map.copyOf(annotations);
    if ((bundleJson == null) == (problem == null)) {
      throw new IllegalArgumentException("give either the bundle or why it is missing");
    }
  }

  /** A bundle that was read. */
  public StoredBundle(Digest manifest, Map<String, String> annotations, byte[] bundleJson) {
    this(manifest, annotations, bundleJson, null);
  }

  /** A referrer whose bundle could not be read, and why. */
  static StoredBundle unreadable(Digest manifest, String problem) {
    return new StoredBundle(manifest, Map.of(), null, problem);
  }

  /** Where it was found, for a verdict: {@code referrer sha256:… (Sigstore bundle)}. */
  public String source() {
    return "referrer " + manifest + " (Sigstore bundle)";
  }
}
