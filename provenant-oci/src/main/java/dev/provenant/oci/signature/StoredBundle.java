package dev.provenant.oci.signature;

import dev.provenant.core.digest.Digest;
import java.util.Map;
import java.util.Objects;

/**
 * A Sigstore bundle found attached to an image: the referrer manifest that holds it, that
 * manifest's annotations, and the bundle's bytes.
 */
public record StoredBundle(Digest manifest, Map<String, String> annotations, byte[] bundleJson) {
  public StoredBundle {
    Objects.requireNonNull(manifest, "manifest");
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(bundleJson, "bundleJson");
  }

  /** Where it was found, for a verdict: {@code referrer sha256:… (Sigstore bundle)}. */
  public String source() {
    return "referrer " + manifest + " (Sigstore bundle)";
  }
}
