package dev.provenant.core.provenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link ProvenanceStatement} as in-toto Statement v1 JSON with an SLSA v1 predicate.
 *
 * <p>The output is deterministic: object keys are sorted (neither in-toto nor SLSA gives keys an
 * order), lists keep the order they were given in (subjects in command-line order), absent optional
 * fields are left out rather than written as null, and timestamps are RFC 3339 in UTC as the spec's
 * Timestamp type requires.
 *
 * @see <a href="https://slsa.dev/spec/v1.0/provenance#schema">SLSA v1 provenance, schema</a>
 */
public final class ProvenanceStatementWriter {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** Pretty-printed UTF-8 JSON ending in a newline. */
  public byte[] write(ProvenanceStatement statement) {
    Map<String, Object> root = new TreeMap<>();
    root.put("_type", ProvenanceStatement.STATEMENT_TYPE);
    root.put("subject", descriptors(statement.subjects()));
    root.put("predicateType", ProvenanceStatement.PREDICATE_TYPE);
    root.put("predicate", predicate(statement.provenance()));
    try {
      return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialise", e);
    }
  }

  private static Map<String, Object> predicate(Provenance provenance) {
    BuildDefinition definition = provenance.buildDefinition();
    Map<String, Object> buildDefinition = new TreeMap<>();
    buildDefinition.put("buildType", definition.buildType());
    buildDefinition.put("externalParameters", definition.externalParameters());
    if (!definition.internalParameters().isEmpty()) {
      buildDefinition.put("internalParameters", definition.internalParameters());
    }
    if (!definition.resolvedDependencies().isEmpty()) {
      buildDefinition.put("resolvedDependencies", descriptors(definition.resolvedDependencies()));
    }

    RunDetails run = provenance.runDetails();
    Map<String, Object> builder = new TreeMap<>();
    builder.put("id", run.builder().id());
    if (!run.builder().version().isEmpty()) {
      builder.put("version", run.builder().version());
    }
    Map<String, Object> runDetails = new TreeMap<>();
    runDetails.put("builder", builder);
    Map<String, Object> metadata = new TreeMap<>();
    BuildMetadata m = run.metadata();
    putIfPresent(metadata, "invocationId", m.invocationId());
    putIfPresent(metadata, "startedOn", timestamp(m.startedOn()));
    putIfPresent(metadata, "finishedOn", timestamp(m.finishedOn()));
    if (!metadata.isEmpty()) {
      runDetails.put("metadata", metadata);
    }
    if (!run.byproducts().isEmpty()) {
      runDetails.put("byproducts", descriptors(run.byproducts()));
    }

    Map<String, Object> predicate = new TreeMap<>();
    predicate.put("buildDefinition", buildDefinition);
    predicate.put("runDetails", runDetails);
    return predicate;
  }

  private static List<Map<String, Object>> descriptors(List<ResourceDescriptor> descriptors) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ResourceDescriptor descriptor : descriptors) {
      Map<String, Object> d = new TreeMap<>();
      putIfPresent(d, "name", descriptor.name());
      putIfPresent(d, "uri", descriptor.uri());
      if (!descriptor.digest().isEmpty()) {
        d.put("digest", descriptor.digest());
      }
      out.add(d);
    }
    return out;
  }

  private static String timestamp(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  private static void putIfPresent(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
