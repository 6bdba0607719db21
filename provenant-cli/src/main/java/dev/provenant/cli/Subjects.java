package dev.provenant.cli;

import dev.provenant.core.digest.DigestAlgorithm;
import dev.provenant.core.provenance.ResourceDescriptor;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns a {@code --subject} argument into a provenance subject: a file is hashed with sha256; an
 * image is named with its digest, {@code NAME@sha256:…}. A tag is refused rather than resolved:
 * provenance must name exactly the image that was built, and the build already knows its digest
 * ({@code docker build --iidfile}, {@code docker push}'s output), where a tag may have moved.
 */
final class Subjects {
  private Subjects() {}

  static ResourceDescriptor resolve(String argument) throws CommandFailure {
    Path path = null;
    try {
      path = Path.of(argument);
    } catch (InvalidPathException e) {
      // Not a path on this system; it can still be a reference.
    }
    if (path != null && Files.isRegularFile(path)) {
      try {
        return ResourceDescriptor.subject(
            path.getFileName().toString(),
            new FileHasher(DigestAlgorithm.SHA256).hash(path).digest());
      } catch (IOException e) {
        throw failure("subject '" + argument + "' cannot be read: " + e.getMessage(), e);
      }
    }
    if (path != null && Files.isDirectory(path)) {
      throw failure(
          "subject '" + argument + "' is a directory: name each file, or the image it became",
          null);
    }
    if (argument.indexOf('@') >= 0) {
      try {
        ImageReference reference = ImageReference.parse(argument);
        return ResourceDescriptor.subject(reference.name(), reference.digest());
      } catch (InvalidReferenceException e) {
        throw failure("subject '" + argument + "': " + e.getMessage(), e);
      }
    }
    if (looksLikeImageReference(argument)) {
      throw failure(
          "subject '"
              + argument
              + "' is an image reference without a digest: pass it as NAME@sha256:<digest>"
              + " (the digest 'docker push' or 'provenant inspect' prints); provenance generate"
              + " does not resolve tags",
          null);
    }
    throw failure(
        "subject '"
            + argument
            + "': no such file (an image subject is written NAME@sha256:<digest>)",
        null);
  }

  /** A tag after the last slash, or a first component that is a registry host. */
  private static boolean looksLikeImageReference(String argument) {
    int slash = argument.indexOf('/');
    String first = slash < 0 ? "" : argument.substring(0, slash);
    boolean registryHost =
        !first.isEmpty()
            && !first.equals(".")
            && !first.equals("..")
            && (first.indexOf('.') >= 0 || first.indexOf(':') >= 0 || first.equals("localhost"));
    boolean tagged = argument.indexOf(':', argument.lastIndexOf('/') + 1) >= 0;
    return registryHost || tagged;
  }

  private static CommandFailure failure(String message, Throwable cause) {
    return new CommandFailure(ExitCode.INPUT, "invalid_input", message, cause);
  }
}
