package dev.provenant.policy;

import dev.provenant.core.reference.ImageReference;
import java.util.List;
import java.util.Optional;

/**
 * Trusted images and registries a policy does not evaluate. An excluded image is allowed by that
 * policy, and the decision names the entry that excluded it.
 */
public record Exclude(List<ImageGlob> images, List<ImageGlob> registries) {
  public static final Exclude NONE = new Exclude(List.of(), List.of());

  public Exclude {
    images = List.copyOf(images);
    registries = List.copyOf(registries);
  }

  /** The entry that excludes {@code image}, in words ({@code "exclude.registries: mirror…"}). */
  public Optional<String> excludedBy(ImageReference image) {
    String name = RegistryNames.imageName(image.registry(), image.repository());
    for (ImageGlob glob : images) {
      if (glob.matchesImage(name)) {
        return Optional.of("exclude.images: " + glob);
      }
    }
    for (ImageGlob glob : registries) {
      if (glob.matchesImage(RegistryNames.canonical(image.registry()))) {
        return Optional.of("exclude.registries: " + glob);
      }
    }
    return Optional.empty();
  }
}
