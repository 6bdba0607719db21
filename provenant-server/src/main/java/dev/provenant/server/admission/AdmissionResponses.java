package dev.provenant.server.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Writes AdmissionReview v1 responses and the 400 answer to a malformed review. */
final class AdmissionResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Kubernetes documents for webhook warnings: "Limit warnings to 120 characters if possible.
   * Warnings over 256 characters and large numbers of warnings may be truncated." We cut at 256.
   */
  static final int MAX_WARNING_LENGTH = 256;

  /** Kubernetes may drop warnings past a total size; a bounded count keeps the useful ones. */
  static final int MAX_WARNINGS = 32;

  private AdmissionResponses() {}

  static AdmissionAnswer allowed(String uid, List<String> warnings) {
    return answer(response(uid, true, warnings));
  }

  static AdmissionAnswer denied(String uid, int code, String message, List<String> warnings) {
    ObjectNode response = response(uid, false, warnings);
    ObjectNode status = response.putObject("status");
    status.put("code", code);
    status.put("reason", code == 403 ? "Forbidden" : "BadRequest");
    status.put("message", message);
    return answer(response);
  }

  /** An allowing answer carrying a JSONPatch (RFC 6902), base64 as the API requires. */
  static AdmissionAnswer patched(String uid, ArrayNode patch, List<String> warnings) {
    ObjectNode response = response(uid, true, warnings);
    if (!patch.isEmpty()) {
      response.put("patchType", "JSONPatch");
      response.put("patch", Base64.getEncoder().encodeToString(bytes(patch)));
    }
    return answer(response);
  }

  /** HTTP 400: the body is not an AdmissionReview this webhook can answer. */
  static AdmissionAnswer malformed(String reason) {
    ObjectNode error = JSON.createObjectNode();
    error.put("error", "malformed AdmissionReview: " + reason);
    return new AdmissionAnswer(400, bytes(error));
  }

  static ArrayNode newPatch() {
    return JSON.createArrayNode();
  }

  /** Cuts a warning to the documented limit, by code points, marking the cut. */
  static String truncate(String warning) {
    if (warning.codePointCount(0, warning.length()) <= MAX_WARNING_LENGTH) {
      return warning;
    }
    int end = warning.offsetByCodePoints(0, MAX_WARNING_LENGTH - 1);
    return warning.substring(0, end) + "…";
  }

  private static ObjectNode response(String uid, boolean allowed, List<String> warnings) {
    ObjectNode response = JSON.createObjectNode();
    response.put("uid", uid);
    response.put("allowed", allowed);
    if (!warnings.isEmpty()) {
      ArrayNode list = response.putArray("warnings");
      warnings.stream().limit(MAX_WARNINGS).map(AdmissionResponses::truncate).forEach(list::add);
    }
    return response;
  }

  private static AdmissionAnswer answer(ObjectNode response) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", AdmissionRequest.API_VERSION);
    review.put("kind", AdmissionRequest.KIND);
    review.set("response", response);
    return new AdmissionAnswer(200, bytes(review));
  }

  private static byte[] bytes(Object node) {
    try {
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
