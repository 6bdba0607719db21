package dev.provenant.oci.inspect;

import dev.provenant.oci.image.Descriptor;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.image.ImageConfig;
import dev.provenant.oci.image.ImageIndex;
import dev.provenant.oci.image.ImageManifest;
import dev.provenant.oci.image.ImageSource;
import dev.provenant.oci.image.Manifest;
import dev.provenant.oci.image.ManifestParser;
import dev.provenant.oci.image.Platform;
import dev.provenant.oci.image.RawManifest;
import dev.provenant.oci.location.OpenedImage;
import java.util.List;
import java.util.stream.Collectors;

/** Resolves an opened image to its manifest and, for an image, reads its configuration. */
public final class ImageInspector {
  /** Image configs are small JSON documents; anything larger is refused rather than buffered. */
  static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;

  private ImageInspector() {}

  /**
   * Inspects {@code image}; when it is an index and {@code platform} is given, also the image for
   * that platform.
   */
  public static ImageInspection inspect(OpenedImage image, Platform platform)
      throws ImageAccessException {
    ImageSource source = image.source();
    RawManifest raw = source.manifest(image.manifestReference());
    Manifest manifest = raw.parse();
    String display = image.location().display();
    return switch (manifest) {
      case ImageManifest single ->
          new ImageInspection(
              display,
              raw.digest(),
              single.mediaType(),
              raw.bytes().length,
              single.annotations(),
              List.of(),
              null,
              details(source, single));
      case ImageIndex index -> inspectIndex(source, display, raw, index, platform);
    };
  }

  private static ImageInspection inspectIndex(
      ImageSource source, String display, RawManifest raw, ImageIndex index, Platform platform)
      throws ImageAccessException {
    List<ImageInspection.PlatformEntry> entries =
        index.manifests().stream()
            .map(
                d ->
                    new ImageInspection.PlatformEntry(
                        d.platform(), d.digest(), d.mediaType(), d.size()))
            .toList();
    ImageInspection.PlatformEntry chosen = null;
    ImageInspection.ImageDetails details = null;
    if (platform != null) {
      Descriptor child =
          index
              .forPlatform(platform)
              .orElseThrow(
                  () ->
                      new ImageAccessException(
                          Failure.NOT_FOUND,
                          display
                              + " has no image for platform "
                              + platform
                              + "; it has: "
                              + index.manifests().stream()
                                  .map(
                                      d ->
                                          d.platform() == null
                                              ? "(no platform)"
                                              : d.platform().toString())
                                  .collect(Collectors.joining(", "))));
      RawManifest childRaw = source.manifest(child.digest().toString());
      if (!(childRaw.parse() instanceof ImageManifest childManifest)) {
        throw new ImageAccessException(
            Failure.INVALID_INPUT,
            "the "
                + platform
                + " entry of "
                + display
                + " is itself an index; nested indexes are not followed");
      }
      chosen =
          new ImageInspection.PlatformEntry(
              child.platform(),
              childRaw.digest(),
              childManifest.mediaType(),
              childRaw.bytes().length);
      details = details(source, childManifest);
    }
    return new ImageInspection(
        display,
        raw.digest(),
        index.mediaType(),
        raw.bytes().length,
        index.annotations(),
        entries,
        chosen,
        details);
  }

  private static ImageInspection.ImageDetails details(ImageSource source, ImageManifest manifest)
      throws ImageAccessException {
    Descriptor configDescriptor = manifest.config();
    if (configDescriptor.size() > MAX_CONFIG_BYTES) {
      throw new ImageAccessException(
          Failure.INVALID_INPUT,
          "the image config "
              + configDescriptor.digest()
              + " declares "
              + configDescriptor.size()
              + " bytes; configs over "
              + MAX_CONFIG_BYTES
              + " bytes are refused");
    }
    byte[] configBytes = source.blob(configDescriptor.digest(), MAX_CONFIG_BYTES);
    ImageConfig config = ManifestParser.parseConfig(configBytes, configDescriptor.digest());
    return new ImageInspection.ImageDetails(
        configDescriptor.digest(),
        config.created(),
        config.os(),
        config.architecture(),
        config.labels(),
        manifest.annotations(),
        manifest.layers().size(),
        manifest.totalLayerSize());
  }
}
