package dev.provenant.policy.evaluation;

/**
 * One value that verified evidence states about where an image was built.
 *
 * @param value what it says ({@code https://github.com/acme/widget})
 * @param source where it says it, in words ({@code certificate of tag sha256-….sig, layer 1,
 *     sourceRepositoryURI})
 */
record Observation(String value, String source) {
  @Override
  public String toString() {
    return value + " (" + source + ")";
  }
}
