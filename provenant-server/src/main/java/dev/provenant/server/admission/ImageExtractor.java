package dev.provenant.server.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds every container image in a Pod or in a workload's pod template: containers, init containers
 * and ephemeral containers, each with the JSON pointer of its {@code image} field.
 */
public final class ImageExtractor {
  /** Where each kind keeps its pod spec (PodSpec), as a JSON pointer into the object. */
  private static final Map<String, String> POD_SPEC =
      Map.of(
          "Pod", "/spec",
          "Deployment", "/spec/template/spec",
          "ReplicaSet", "/spec/template/spec",
          "ReplicationController", "/spec/template/spec",
          "StatefulSet", "/spec/template/spec",
          "DaemonSet", "/spec/template/spec",
          "Job", "/spec/template/spec",
          "CronJob", "/spec/jobTemplate/spec/template/spec");

  private static final List<String> CONTAINER_FIELDS =
      List.of("initContainers", "containers", "ephemeralContainers");

  private ImageExtractor() {}

  /** The pointer to the pod spec of {@code kind}, if it has one. */
  public static Optional<String> podSpecPointer(String kind) {
    return Optional.ofNullable(POD_SPEC.get(kind));
  }

  /**
   * Every image in {@code object}, in the order containers appear.
   *
   * @throws MalformedReviewException when a kind that must have a pod spec has none, or a container
   *     has no image
   */
  public static List<ContainerImage> images(String kind, JsonNode object)
      throws MalformedReviewException {
    String pointer = POD_SPEC.get(kind);
    if (pointer == null || object == null) {
      return List.of();
    }
    JsonNode podSpec = object.at(pointer);
    if (!podSpec.isObject()) {
      throw new MalformedReviewException(
          "the " + kind + " has no pod spec at " + pointer + " (request.object" + pointer + ")");
    }
    List<ContainerImage> images = new ArrayList<>();
    for (String field : CONTAINER_FIELDS) {
      JsonNode containers = podSpec.path(field);
      if (containers.isMissingNode() || containers.isNull()) {
        continue;
      }
      if (!containers.isArray()) {
        throw new MalformedReviewException(pointer + "/" + field + " must be a list");
      }
      for (int i = 0; i < containers.size(); i++) {
        JsonNode container = containers.get(i);
        String at = pointer + "/" + field + "/" + i;
        JsonNode image = container.path("image");
        if (!image.isTextual() || image.asText().isBlank()) {
          throw new MalformedReviewException(at + " has no image");
        }
        images.add(
            new ContainerImage(
                container.path("name").asText("#" + i), field, image.asText(), at + "/image"));
      }
    }
    return images;
  }
}
