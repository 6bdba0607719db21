package dev.provenant.oci.location;

import dev.provenant.oci.archive.DockerArchive;
import dev.provenant.oci.archive.OciArchive;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageSource;
import dev.provenant.oci.layout.OciLayout;
import dev.provenant.oci.registry.RegistryClient;

/** Opens the image source a location names. */
public final class ImageOpener {
  private final RegistryOptions registryOptions;

  public ImageOpener(RegistryOptions registryOptions) {
    this.registryOptions = registryOptions;
  }

  /** Opens {@code location}; the caller closes the result. */
  public OpenedImage open(ImageLocation location) throws ImageAccessException {
    return switch (location) {
      case ImageLocation.Registry registry -> openRegistry(registry);
      case ImageLocation.Local local -> openLocal(local);
    };
  }

  private OpenedImage openRegistry(ImageLocation.Registry location) {
    RegistryClient client = registryOptions.newClient(location.reference().registry());
    ImageSource source = client.source(location.reference().repository());
    return new OpenedImage(location, source, location.reference().manifestReference(), client);
  }

  private static OpenedImage openLocal(ImageLocation.Local location) throws ImageAccessException {
    return switch (location.kind()) {
      case OCI_LAYOUT -> {
        OciLayout layout = OciLayout.open(location.path());
        yield withDefault(location, layout, () -> layout.resolveDefault().toString());
      }
      case OCI_ARCHIVE -> {
        OciArchive archive = OciArchive.open(location.path());
        yield withDefault(location, archive, () -> archive.resolveDefault().toString());
      }
      case DOCKER_ARCHIVE -> {
        DockerArchive archive = DockerArchive.open(location.path());
        yield withDefault(location, archive, () -> archive.resolveDefault().toString());
      }
    };
  }

  private interface DefaultSelector {
    String get() throws ImageAccessException;
  }

  private static OpenedImage withDefault(
      ImageLocation.Local location, ImageSource source, DefaultSelector defaultSelector)
      throws ImageAccessException {
    try {
      String selector = location.selector() != null ? location.selector() : defaultSelector.get();
      return new OpenedImage(location, source, selector, null);
    } catch (ImageAccessException | RuntimeException e) {
      source.close();
      throw e;
    }
  }
}
