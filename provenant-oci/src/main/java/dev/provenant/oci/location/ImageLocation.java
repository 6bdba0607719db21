package dev.provenant.oci.location;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.InvalidDigestException;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import java.nio.file.Path;

/**
 * Where an image is, as a user writes it on the command line: a registry reference, an OCI image
 * layout directory ({@code oci:DIR[:TAG]}, {@code oci:DIR@DIGEST}), or an archive ({@code
 * oci-archive:FILE[:TAG]}, {@code docker-archive:FILE[:REPO:TAG]}). The transport prefixes are
 * skopeo's, and like skopeo the path ends at the first colon after the prefix.
 */
public sealed interface ImageLocation {

  /** The location as the user would write it again, canonicalised. */
  String display();

  /** An image in a registry. */
  record Registry(ImageReference reference) implements ImageLocation {
    @Override
    public String display() {
      return reference.toString();
    }
  }

  /** An image in a local OCI layout or archive; {@code selector} is a tag, a digest or null. */
  record Local(Kind kind, Path path, String selector) implements ImageLocation {
    @Override
    public String display() {
      if (selector == null) {
        return kind.prefix() + path;
      }
      return kind.prefix()
          + path
          + (selector.startsWith("sha") && selector.contains(":") ? "@" : ":")
          + selector;
    }
  }

  /** The kinds of local image store. */
  enum Kind {
    OCI_LAYOUT("oci:"),
    OCI_ARCHIVE("oci-archive:"),
    DOCKER_ARCHIVE("docker-archive:");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    /** The transport prefix, with its colon. */
    public String prefix() {
      return prefix;
    }
  }

  /**
   * Parses a location.
   *
   * @throws InvalidReferenceException when a registry reference or a digest is malformed
   */
  static ImageLocation parse(String text) throws InvalidReferenceException {
    for (Kind kind : Kind.values()) {
      if (text.startsWith(kind.prefix())) {
        return parseLocal(kind, text, text.substring(kind.prefix().length()));
      }
    }
    String reference = text.startsWith("docker://") ? text.substring("docker://".length()) : text;
    return new Registry(ImageReference.parse(reference));
  }

  private static Local parseLocal(Kind kind, String text, String rest)
      throws InvalidReferenceException {
    String pathPart = rest;
    String selector = null;
    int at = rest.indexOf('@');
    int colon = rest.indexOf(':');
    if (at >= 0 && (colon < 0 || at < colon)) {
      pathPart = rest.substring(0, at);
      selector = rest.substring(at + 1);
      try {
        Digest.parse(selector);
      } catch (InvalidDigestException e) {
        throw new InvalidReferenceException(text, e.getMessage());
      }
    } else if (colon >= 0) {
      pathPart = rest.substring(0, colon);
      selector = rest.substring(colon + 1);
      if (selector.isEmpty()) {
        throw new InvalidReferenceException(text, "nothing follows the ':' after the path");
      }
    }
    if (pathPart.isEmpty()) {
      throw new InvalidReferenceException(
          text, "the path after '" + kind.prefix() + "' is empty; write " + kind.prefix() + "PATH");
    }
    return new Local(kind, Path.of(pathPart), selector);
  }
}
