package dev.provenant.policy;

import dev.provenant.core.reference.ImageReference;
import java.util.List;

/**
 * Which images a policy governs: an image matches when its name ({@code registry/repository})
 * matches one of {@code images} and, at admission, its namespace matches one of {@code namespaces}
 * (every namespace when the list is empty; outside Kubernetes the namespace is not known and only
 * {@code images} counts).
 */
public record Match(List<ImageGlob> images, List<ImageGlob> namespaces) {
  public Match {
    images = List.copyOf(images);
    namespaces = List.copyOf(namespaces);
  }

  /**
   * @param namespace the pod's namespace, or null outside admission
   */
  public boolean matches(ImageReference image, String namespace) {
    String raw = image.registry() + "/" + image.repository();
    String name = RegistryNames.imageName(image.registry(), image.repository());
    boolean imageMatches = images.stream().anyMatch(g -> g.matchesImage(raw, name));
    boolean namespaceMatches =
        namespace == null
            || namespaces.isEmpty()
            || namespaces.stream().anyMatch(g -> g.matches(namespace));
    return imageMatches && namespaceMatches;
  }
}
