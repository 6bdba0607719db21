package dev.provenant.server.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;

/**
 * The part of an AdmissionReview v1 request ({@code admission.k8s.io/v1}, Kubernetes "Dynamic
 * Admission Control") this webhook reads. {@code userInfo}, {@code oldObject} and {@code options}
 * are not needed and not kept, so that nothing about the caller reaches a log.
 *
 * @param kind the kind of the object ({@code request.kind.kind}: Pod, Deployment, CronJob…)
 * @param subResource {@code request.subResource} ({@code ephemeralcontainers}…), or null
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param object {@code request.object}; null for DELETE
 */
public record AdmissionRequest(
    String uid,
    String kind,
    String subResource,
    String namespace,
    String name,
    String operation,
    boolean dryRun,
    JsonNode object) {
  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";

  private static final ObjectMapper JSON = new ObjectMapper();

  public AdmissionRequest {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(operation, "operation");
  }

  /** Parses a whole AdmissionReview body, refusing anything that is not a v1 request. */
  public static AdmissionRequest parse(byte[] body) throws MalformedReviewException {
    JsonNode review;
    try {
      review = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedReviewException(
          "the body is not JSON: " + e.getOriginalMessage() + " at " + location(e));
    } catch (IOException e) {
      throw new MalformedReviewException("the body cannot be read: " + e.getMessage());
    }
    if (review == null || !review.isObject()) {
      throw new MalformedReviewException("the body must be a JSON object (an AdmissionReview)");
    }
    String apiVersion = review.path("apiVersion").asText(null);
    if (!API_VERSION.equals(apiVersion)) {
      throw new MalformedReviewException(
          "apiVersion must be "
              + API_VERSION
              + ", found "
              + (apiVersion == null ? "none" : "'" + apiVersion + "'")
              + "; set admissionReviewVersions: [\"v1\"] in the webhook configuration");
    }
    String kind = review.path("kind").asText(null);
    if (!KIND.equals(kind)) {
      throw new MalformedReviewException(
          "kind must be " + KIND + ", found " + (kind == null ? "none" : "'" + kind + "'"));
    }
    JsonNode request = review.get("request");
    if (request == null || !request.isObject()) {
      throw new MalformedReviewException("the AdmissionReview has no request object");
    }
    String uid = text(request, "uid");
    if (uid == null || uid.isBlank()) {
      throw new MalformedReviewException("request.uid is missing; it must be echoed in the answer");
    }
    String operation = text(request, "operation");
    if (operation == null) {
      throw new MalformedReviewException("request.operation is missing");
    }
    JsonNode object = request.get("object");
    if (object != null && object.isNull()) {
      object = null;
    }
    String objectKind =
        request
            .path("kind")
            .path("kind")
            .asText(object == null ? "" : object.path("kind").asText(""));
    if (objectKind.isEmpty() && !operation.equals("DELETE")) {
      throw new MalformedReviewException("request.kind.kind is missing");
    }
    if (object != null && !object.isObject()) {
      throw new MalformedReviewException("request.object must be a JSON object");
    }
    return new AdmissionRequest(
        uid,
        objectKind,
        text(request, "subResource"),
        text(request, "namespace"),
        name(request, object),
        operation,
        request.path("dryRun").asBoolean(false),
        object);
  }

  /** The echoed uid of a review whose request could be read that far, for error answers. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** {@code request.name}, or for a CREATE with generateName, the object's metadata. */
  private static String name(JsonNode request, JsonNode object) {
    String name = text(request, "name");
    if ((name == null || name.isEmpty()) && object != null) {
      JsonNode metadata = object.path("metadata");
      name = metadata.path("name").asText(metadata.path("generateName").asText(""));
    }
    return name == null || name.isEmpty() ? null : name;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? "an unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}
