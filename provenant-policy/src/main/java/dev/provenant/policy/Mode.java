package dev.provenant.policy;

/** What a policy's failures do: deny the image, or let it through with the failures attached. */
public enum Mode {
  /** Failures deny (the default). */
  ENFORCE,
  /** Failures are reported as warnings and the image is allowed; every decision says so. */
  WARN;

  /** The spelling in policy documents: {@code enforce}, {@code warn}. */
  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
