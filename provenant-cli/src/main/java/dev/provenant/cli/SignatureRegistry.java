package dev.provenant.cli;

import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.signature.CosignTags;

/**
 * A client for the registry that holds an image's signatures: the image's own, unless {@code
 * COSIGN_REPOSITORY} names a repository on another registry.
 */
record SignatureRegistry(RegistryClient client, boolean owned) implements AutoCloseable {

  static SignatureRegistry open(
      ResolvedImage image, String signatureRepository, RegistryOptions options)
      throws InvalidReferenceException {
    String registry =
        CosignTags.signatureReference(
                image.reference(), image.reference().digest(), signatureRepository)
            .registry();
    if (registry.equals(image.reference().registry())) {
      return new SignatureRegistry(image.client(), false);
    }
    return new SignatureRegistry(options.newClient(registry), true);
  }

  @Override
  public void close() {
    if (owned) {
      client.close();
    }
  }
}
