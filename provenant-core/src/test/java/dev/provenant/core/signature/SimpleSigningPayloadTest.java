package dev.provenant.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimpleSigningPayloadTest {
  private static final String HEX =
      "97fc222cee7991b5b061d4d4afdb5f3428fcb0c9054e1690313786befa1e4e36";
  private static final String DIGEST = "sha256:" + HEX;

  private static String json(SimpleSigningPayload payload) {
    return new String(payload.toJson(), StandardCharsets.UTF_8);
  }

  @Test
  void writesCosignsExactBytesWithNullOptionalWhenThereAreNoAnnotations() throws Exception {
    ImageReference image = ImageReference.parse("registry.example:5000/team/app:v1@" + DIGEST);

    SimpleSigningPayload payload = SimpleSigningPayload.forImage(image, Map.of());

    assertThat(json(payload))
        .isEqualTo(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"registry.example:5000/team/app\"},"
                + "\"image\":{\"docker-manifest-digest\":\""
                + DIGEST
                + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");
  }

  @Test
  void namesDockerHubAsGoContainerRegistryDoes() throws Exception {
    ImageReference image = ImageReference.parse("alpine@" + DIGEST);

    assertThat(SimpleSigningPayload.forImage(image, null).dockerReference())
        .isEqualTo("index.docker.io/library/alpine");
  }

  @Test
  void sortsAnnotationsAndEscapesAsGoDoes() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("z", "last");
    annotations.put("a", "<b>&\"q\"\\\n\u2028\u0001");
    annotations.put("é", "after ascii");
    SimpleSigningPayload payload =
        new SimpleSigningPayload("r.example/app", Digest.sha256(new byte[0]), annotations);

    assertThat(json(payload))
        .endsWith(
            "\"optional\":{\"a\":\"\\u003cb\\u003e\\u0026\\\"q\\\"\\\\\\n\\u2028\\u0001\","
                + "\"z\":\"last\",\"é\":\"after ascii\"}}");
  }

  @Test
  void parsesWhatItWritesAndCosignsSpacedForm() throws Exception {
    SimpleSigningPayload payload =
        new SimpleSigningPayload("r.example/app", Digest.parse(DIGEST), Map.of("build", "42"));

    assertThat(SimpleSigningPayload.parse(payload.toJson())).isEqualTo(payload);

    String spaced =
        "{\n \"critical\": {\"identity\": {\"docker-reference\": \"testing/manifest\"},\n"
            + " \"image\": {\"docker-manifest-digest\": \""
            + DIGEST
            + "\"},\n \"type\": \"cosign container image signature\"},\n"
            + " \"optional\": {\"creator\": \"atomic\", \"timestamp\": 1458239713}}";
    SimpleSigningPayload parsed =
        SimpleSigningPayload.parse(spaced.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.dockerManifestDigest()).isEqualTo(Digest.parse(DIGEST));
    assertThat(parsed.optional()).containsEntry("timestamp", "1458239713");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "wrong type | {'critical':{'identity':{'docker-reference':'r/a'},'image':{'docker-manifest-digest':'DIGEST'},'type':'atomic container signature'},'optional':null}"
            + " | critical.type is 'atomic container signature', not 'cosign container image signature'",
        "missing digest | {'critical':{'identity':{'docker-reference':'r/a'},'image':{},'type':'cosign container image signature'}}"
            + " | has no critical.image.docker-manifest-digest",
        "malformed digest | {'critical':{'identity':{'docker-reference':'r/a'},'image':{'docker-manifest-digest':'sha256:ABC'},'type':'cosign container image signature'}}"
            + " | docker-manifest-digest is malformed",
        "digest not a string | {'critical':{'identity':{'docker-reference':'r/a'},'image':{'docker-manifest-digest':7},'type':'cosign container image signature'}}"
            + " | docker-manifest-digest is not a string",
        "differently cased field | {'critical':{'identity':{'docker-reference':'r/a'},'image':{'Docker-manifest-digest':'DIGEST'},'type':'cosign container image signature'}}"
            + " | spells field 'critical.image.docker-manifest-digest' as 'Docker-manifest-digest'",
        "duplicate digest | {'critical':{'identity':{'docker-reference':'r/a'},'image':{'docker-manifest-digest':'DIGEST','docker-manifest-digest':'DIGEST'},'type':'cosign container image signature'}}"
            + " | not valid JSON: Duplicate field",
        "unknown critical field | {'critical':{'identity':{'docker-reference':'r/a'},'image':{'docker-manifest-digest':'DIGEST'},'type':'cosign container image signature','extra':1}}"
            + " | unknown critical field 'critical.extra'",
        "no critical | {'optional':{}} | has no 'critical' object",
        "not an object | [1] | is not a JSON object",
        "trailing data | {'critical':{}} {} | not valid JSON",
        "truncated | {'critical': | not valid JSON",
        "optional a string | {'critical':{'identity':{'docker-reference':'r/a'},'image':{'docker-manifest-digest':'DIGEST'},'type':'cosign container image signature'},'optional':'x'}"
            + " | 'optional' is neither null nor an object",
      })
  void refusesPayloadsThatAreNotCosignSimpleSigning(String name, String json, String message) {
    byte[] bytes =
        json.replace('\'', '"').replace("DIGEST", DIGEST).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SimpleSigningPayload.parse(bytes))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining(message.strip());
  }

  @Test
  void refusesToBuildAPayloadForATag() throws Exception {
    ImageReference tagOnly = ImageReference.parse("registry.example/app:v1");

    assertThatThrownBy(() -> SimpleSigningPayload.forImage(tagOnly, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resolve registry.example/app:v1 to a digest before signing it");
  }

  @Test
  void splitsAnAnnotationFlagAtTheFirstEquals() {
    assertThat(SimpleSigningPayload.parseAnnotationFlag("a=b=c")).isEqualTo(Map.entry("a", "b=c"));
    assertThatThrownBy(() -> SimpleSigningPayload.parseAnnotationFlag("novalue"))
        .hasMessageContaining("is not key=value");
  }
}
