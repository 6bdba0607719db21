package dev.provenant.oci.image;

import java.util.Map;

/**
 * The parts of an image configuration that Provenant reports: when and for what platform it was
 * built, and its labels (where CI records the commit, repository and build).
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.0/config.md">OCI image
 *     config</a>
 */
public record ImageConfig(
    String created, String os, String architecture, Map<String, String> labels) {
  public ImageConfig {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
