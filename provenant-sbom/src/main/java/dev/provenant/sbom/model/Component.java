package dev.provenant.sbom.model;

import dev.provenant.core.digest.Digest;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One package found in an artifact: what it is, which version, its package URL, its declared
 * licences, where it was found (the file and the image layer that last wrote it), file hashes (for
 * archives), and which cataloger found it.
 *
 * @param type the CycloneDX component type: {@code library}, {@code application}, {@code
 *     operating-system}, {@code file}
 * @param purl the package URL, {@code
 *     pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12}
 * @param location the path inside the file system where the package's metadata was read
 * @param layer the digest of the layer that last wrote {@code location}; null outside an image
 * @param hashes file hashes by algorithm name ({@code SHA-256}), for archives
 * @param foundBy the cataloger's name, {@code dpkg}, {@code java-archive}…
 */
public record Component(
    String type,
    String name,
    String version,
    String purl,
    List<String> licenses,
    String location,
    Digest layer,
    Map<String, String> hashes,
    String foundBy) {
  public Component {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(foundBy, "foundBy");
    licenses = licenses == null ? List.of() : List.copyOf(licenses);
    hashes = hashes == null ? Map.of() : Map.copyOf(hashes);
  }
}
