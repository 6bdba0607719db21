package dev.provenant.server.admission;

/**
 * One container's image in an admitted object.
 *
 * @param container the container's name
 * @param field where the container is listed: {@code containers}, {@code initContainers} or {@code
 *     ephemeralContainers}
 * @param image the image as written
 * @param pointer the JSON pointer of the {@code image} field ({@code
 *     /spec/template/spec/containers/0/image}), for a JSONPatch
 */
public record ContainerImage(String container, String field, String image, String pointer) {}
