package dev.provenant.oci.registry;

import dev.provenant.core.digest.Digest;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageSource;
import dev.provenant.oci.image.RawManifest;
import java.io.InputStream;

/**
 * Reads one repository of a registry as an {@link ImageSource}; closing it leaves the client open.
 */
final class RegistryImageSource implements ImageSource {
  private final RegistryClient client;
  private final String repository;

  RegistryImageSource(RegistryClient client, String repository) {
    this.client = client;
    this.repository = repository;
  }

  @Override
  public RawManifest manifest(String tagOrDigest) throws ImageAccessException {
    return client.pullManifest(repository, tagOrDigest);
  }

  @Override
  public byte[] blob(Digest digest, long maxBytes) throws ImageAccessException {
    return client.pullBlob(repository, digest, maxBytes);
  }

  @Override
  public InputStream openBlob(Digest digest) throws ImageAccessException {
    return client.openBlob(repository, digest);
  }

  @Override
  public String describe() {
    return client.registry() + "/" + repository;
  }
}
