package dev.provenant.sbom.model;

import dev.provenant.core.digest.Digest;
import java.util.Objects;

/**
 * What an SBOM describes: an image (named by its manifest digest) or a directory. It becomes the
 * CycloneDX {@code metadata.component}.
 *
 * @param type the CycloneDX component type: {@code container} or {@code file}
 * @param name the image repository ({@code docker.io/library/debian}) or the directory
 * @param version the image digest ({@code sha256:…}), or null
 * @param purl {@code pkg:oci/debian@sha256%3A…?repository_url=docker.io/library/debian}, or null
 */
public record Subject(String type, String name, String version, String purl) {
  public Subject {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
  }

  /**
   * An image: {@code repository} is where it lives ({@code registry/path/name}, or null for a local
   * layout or archive); the purl's name is the last path segment, as the purl spec's {@code oci}
   * type requires, and {@code repository_url} keeps the rest.
   *
   * @param displayName the name to show when there is no repository: the location as written
   */
  public static Subject image(String repository, String displayName, Digest digest) {
    String full = repository != null ? repository : displayName;
    String last = repository != null ? repository.substring(repository.lastIndexOf('/') + 1) : null;
    if (last == null || last.isEmpty()) {
      last = "image";
    }
    Purl purl =
        Purl.builder("oci", last.toLowerCase(java.util.Locale.ROOT))
            .version(digest.toString())
            .qualifier("repository_url", repository)
            .build();
    return new Subject("container", full, digest.toString(), purl.toString());
  }

  /** A directory. */
  public static Subject directory(String path) {
    return new Subject("file", path, null, null);
  }
}
