package dev.provenant.cli;

import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.location.ImageLocation;
import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.ManifestHead;
import dev.provenant.oci.registry.RegistryClient;

/**
 * An image in a registry resolved once to its manifest digest, with a client for its registry.
 * Signing and verification work on this digest only, never on the tag again: a tag moved after
 * resolution cannot change what is signed or checked.
 */
record ResolvedImage(ImageReference reference, RegistryClient client) implements AutoCloseable {

  /** The registry {@code text} names, or null when it is not a registry reference (yet). */
  static String registryOf(String text) {
    try {
      return ImageLocation.parse(text) instanceof ImageLocation.Registry(ImageReference reference)
          ? reference.registry()
          : null;
    } catch (InvalidReferenceException e) {
      return null; // resolve() reports it
    }
  }

  /** Resolves {@code text}, which must name an image in a registry. */
  static ResolvedImage resolve(String text, RegistryOptions options)
      throws InvalidReferenceException, ImageAccessException {
    if (!(ImageLocation.parse(text) instanceof ImageLocation.Registry(ImageReference reference))) {
      throw new IllegalArgumentException(
          text
              + " is a local image; signatures live in a registry: push it first (skopeo copy"
              + " oci:DIR:TAG docker://HOST/REPO:TAG) and give the registry reference");
    }
    RegistryClient client = options.newClient(reference.registry());
    try {
      ManifestHead head =
          client
              .headManifest(reference.repository(), reference.manifestReference())
              .orElseThrow(
                  () ->
                      new ImageAccessException(
                          Failure.NOT_FOUND,
                          reference
                              + ": no such image in the registry; check the repository and tag"));
      return new ResolvedImage(reference.withDigest(head.digest()), client);
    } catch (ImageAccessException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
