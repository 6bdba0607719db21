package dev.provenant.core.signature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.InvalidDigestException;
import dev.provenant.core.reference.ImageReference;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The payload a cosign image signature signs: containers' "simple signing" JSON naming the image's
 * manifest digest, with cosign's type and optional user claims ({@code cosign sign -a key=value}).
 *
 * <pre>{@code
 * {"critical":{"identity":{"docker-reference":"registry.example/app"},
 *  "image":{"docker-manifest-digest":"sha256:…"},"type":"cosign container image signature"},
 *  "optional":null}
 * }</pre>
 *
 * <p>{@link #toJson()} writes exactly the bytes cosign writes for the same image and annotations
 * (Go's {@code json.Marshal} of sigstore's {@code payload.Cosign}): no whitespace, fields in that
 * order, annotations sorted, {@code "optional":null} when there are none, and Docker Hub named
 * {@code index.docker.io} as go-containerregistry names it. A signature is always checked over the
 * bytes that were signed, never over a re-serialisation: parse, then verify the original bytes.
 *
 * <p>Only the digest is a security claim: cosign ignores {@code docker-reference} when verifying
 * (SIGNATURE_SPEC), and so does Provenant; it is kept for display and for identity policies.
 *
 * @param dockerReference the repository the signer named, such as {@code registry.example/app}
 * @param dockerManifestDigest the digest of the signed image manifest
 * @param optional the signer's claims; non-string values read from a foreign payload are kept as
 *     their JSON text
 * @see <a
 *     href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md#simple-signing">cosign
 *     SIGNATURE_SPEC, simple signing</a>
 * @see <a
 *     href="https://github.com/containers/image/blob/main/docs/containers-signature.5.md#json-data-format">containers-signature(5)</a>
 */
public record SimpleSigningPayload(
    String dockerReference, Digest dockerManifestDigest, Map<String, String> optional) {

  /** The layer media type of a simple signing payload in a cosign {@code .sig} manifest. */
  public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** The {@code critical.type} of every cosign image signature. */
  public static final String TYPE = "cosign container image signature";

  /**
   * Payloads are a few hundred bytes; anything this large is not one. Kept small because a {@code
   * .sig} manifest may list up to {@code 1000} distinct payloads, all read for one verification.
   */
  public static final int MAX_BYTES = 64 << 10;

  private static final String DOCKER_HUB_GO_NAME = "index.docker.io";
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  public SimpleSigningPayload {
    Objects.requireNonNull(dockerReference, "dockerReference");
    Objects.requireNonNull(dockerManifestDigest, "dockerManifestDigest");
    TreeMap<String, String> sorted = new TreeMap<>(GoJson.KEY_ORDER);
    if (optional != null) {
      optional.forEach(
          (k, v) ->
              sorted.put(
                  Objects.requireNonNull(k, "annotation key"),
                  Objects.requireNonNull(v, "annotation value")));
    }
    optional = java.util.Collections.unmodifiableSortedMap(sorted);
  }

  /**
   * The payload {@code cosign sign} makes for an image resolved to a digest: the reference's
   * repository as go-containerregistry names it, its digest, and the annotations.
   *
   * @throws IllegalArgumentException when {@code image} has no digest: sign digests, never tags
   */
  public static SimpleSigningPayload forImage(
      ImageReference image, Map<String, String> annotations) {
    Digest digest =
        image
            .optionalDigest()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "resolve " + image + " to a digest before signing it; a tag can move"));
    return new SimpleSigningPayload(cosignRepositoryName(image), digest, annotations);
  }

  /**
   * The repository name go-containerregistry gives an image ({@code Repository.Name()}): Docker Hub
   * is {@code index.docker.io}, everything else as Provenant writes it.
   */
  public static String cosignRepositoryName(ImageReference image) {
    String registry =
        image.registry().equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_GO_NAME : image.registry();
    return registry + "/" + image.repository();
  }

  /** The bytes cosign writes for this payload (see the class comment). */
  public byte[] toJson() {
    StringBuilder out = new StringBuilder(256 + optional.size() * 32);
    out.append("{\"critical\":{\"identity\":{\"docker-reference\":");
    GoJson.string(out, dockerReference);
    out.append("},\"image\":{\"docker-manifest-digest\":");
    GoJson.string(out, dockerManifestDigest.toString());
    out.append("},\"type\":");
    GoJson.string(out, TYPE);
    out.append("},\"optional\":");
    if (optional.isEmpty()) {
      out.append("null");
    } else {
      GoJson.stringMap(out, optional);
    }
    return GoJson.bytes(out.append('}'));
  }

  /**
   * Parses payload bytes strictly: a JSON object with no duplicate keys and nothing after it;
   * {@code critical} with exactly {@code identity}, {@code image} and {@code type}; type {@value
   * #TYPE}; a well-formed lowercase {@code sha256:} or {@code sha512:} digest; {@code optional}
   * absent, null or an object. Field names are matched exactly: Go's decoder would also take {@code
   * Docker-Manifest-Digest}, but two spellings of one field are how two verifiers come to read
   * different digests from one payload, so a differently cased name is refused.
   *
   * @throws InvalidPayloadException naming the field that is wrong
   */
  public static SimpleSigningPayload parse(byte[] bytes) throws InvalidPayloadException {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > MAX_BYTES) {
      throw new InvalidPayloadException(
          "the payload is " + bytes.length + " bytes; a simple signing payload is far smaller");
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidPayloadException(
          "the payload is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidPayloadException("the payload could not be read", e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidPayloadException("the payload is not a JSON object");
    }
    requireExactNames(root, "", Set.of("critical", "optional"), false);
    JsonNode critical = object(root, "critical");
    requireExactNames(critical, "critical.", Set.of("identity", "image", "type"), true);
    JsonNode type = critical.get("type");
    if (type == null || !type.isTextual()) {
      throw new InvalidPayloadException("the payload has no string critical.type");
    }
    if (!type.asText().equals(TYPE)) {
      throw new InvalidPayloadException(
          "the payload's critical.type is '"
              + type.asText()
              + "', not '"
              + TYPE
              + "': it is not a cosign image signature");
    }
    JsonNode image = object(critical, "image");
    requireExactNames(image, "critical.image.", Set.of("docker-manifest-digest"), true);
    JsonNode digestNode = image.get("docker-manifest-digest");
    if (digestNode == null || digestNode.isNull()) {
      throw new InvalidPayloadException(
          "the payload has no critical.image.docker-manifest-digest: it names no image");
    }
    if (!digestNode.isTextual()) {
      throw new InvalidPayloadException(
          "the payload's critical.image.docker-manifest-digest is not a string");
    }
    Digest digest;
    try {
      digest = Digest.parse(digestNode.asText());
    } catch (InvalidDigestException e) {
      throw new InvalidPayloadException(
          "the payload's critical.image.docker-manifest-digest is malformed: " + e.getMessage(), e);
    }
    JsonNode identity = object(critical, "identity");
    requireExactNames(identity, "critical.identity.", Set.of("docker-reference"), true);
    JsonNode reference = identity.get("docker-reference");
    if (reference == null || !reference.isTextual() || reference.asText().isEmpty()) {
      throw new InvalidPayloadException(
          "the payload has no critical.identity.docker-reference string");
    }
    Map<String, String> optional = new TreeMap<>(GoJson.KEY_ORDER);
    JsonNode optionalNode = root.get("optional");
    if (optionalNode != null && !optionalNode.isNull()) {
      if (!optionalNode.isObject()) {
        throw new InvalidPayloadException("the payload's 'optional' is neither null nor an object");
      }
      for (Map.Entry<String, JsonNode> field : optionalNode.properties()) {
        JsonNode value = field.getValue();
        optional.put(field.getKey(), value.isTextual() ? value.asText() : value.toString());
      }
    }
    return new SimpleSigningPayload(reference.asText(), digest, optional);
  }

  /**
   * Parses one {@code -a key=value} flag as cosign does: split at the first {@code =}.
   *
   * @throws IllegalArgumentException when there is no {@code =}
   */
  public static Map.Entry<String, String> parseAnnotationFlag(String flag) {
    int equals = flag.indexOf('=');
    if (equals < 0) {
      throw new IllegalArgumentException(
          "annotation '" + flag + "' is not key=value (as in -a build=42)");
    }
    return Map.entry(flag.substring(0, equals), flag.substring(equals + 1));
  }

  private static JsonNode object(JsonNode parent, String field) throws InvalidPayloadException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new InvalidPayloadException(
          "the payload has no '"
              + field
              + "' object"
              + (node == null ? "" : " (found " + node + ")"));
    }
    return node;
  }

  /**
   * Refuses case variants of the known names everywhere, and unknown names where {@code closed}:
   * containers-signature(5) requires rejecting unknown fields in {@code critical}.
   */
  private static void requireExactNames(
      JsonNode node, String prefix, Set<String> known, boolean closed)
      throws InvalidPayloadException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (known.contains(name)) {
        continue;
      }
      for (String k : known) {
        if (k.equalsIgnoreCase(name)) {
          throw new InvalidPayloadException(
              "the payload spells field '"
                  + prefix
                  + k
                  + "' as '"
                  + name
                  + "': field names are case-sensitive");
        }
      }
      if (closed) {
        throw new InvalidPayloadException(
            "the payload has an unknown critical field '" + prefix + name + "'");
      }
    }
  }
}
