package dev.provenant.core.signature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-toto statement that an image signature in a Sigstore bundle signs, as cosign v3 writes it
 * for {@code cosign sign} with the bundle format: subject the image's manifest digest, predicate
 * type {@value #PREDICATE_TYPE}. cosign writes an empty predicate; Provenant does too, and puts
 * {@code -a key=value} claims under {@code predicate.annotations} when there are any.
 */
public final class ImageSignatureStatement {
  /** The predicate type of an image signature (as opposed to an attestation). */
  public static final String PREDICATE_TYPE = "https://sigstore.dev/cosign/sign/v1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageSignatureStatement() {}

  /** The statement's JSON bytes for {@code image}, which must carry its digest. */
  public static byte[] forImage(ImageReference image, Map<String, String> annotations) {
    Digest digest =
        image
            .optionalDigest()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "an image signature names a digest, never a tag: " + image));
    ObjectNode statement = JSON.createObjectNode();
    statement.put("_type", "https://in-toto.io/Statement/v1");
    ObjectNode subject = statement.putArray("subject").addObject();
    subject.put("name", image.name());
    subject.putObject("digest").put(digest.algorithm().label(), digest.hex());
    statement.put("predicateType", PREDICATE_TYPE);
    ObjectNode predicate = statement.putObject("predicate");
    if (!annotations.isEmpty()) {
      ObjectNode claims = predicate.putObject("annotations");
      new TreeMap<>(annotations).forEach(claims::put);
    }
    try {
      return JSON.writeValueAsBytes(statement);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}
