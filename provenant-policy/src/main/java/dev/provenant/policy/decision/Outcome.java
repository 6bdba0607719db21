package dev.provenant.policy.decision;

/** The verdict on an image. */
public enum Outcome {
  /**
   * Every enforcing policy passed (or excluded the image, or no policy matched and that is
   * allowed).
   */
  ALLOWED,
  /** Allowed, but a policy in warn mode failed: the failures travel with the decision. */
  WARNED,
  /** An enforcing policy failed, evidence could not be gathered, or no policy matched. */
  DENIED;

  public boolean allowed() {
    return this != DENIED;
  }

  public String lowerCase() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
