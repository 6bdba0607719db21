package dev.provenant.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.provenant.core.attestation.PredicateType;
import dev.provenant.core.keys.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever the input, loading ends in a policy set or in problems that point inside the file; and
 * policies assembled from valid parts load with the values they were written with.
 */
class PolicyLoaderPropertiesTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> PEMS =
      List.of(TestKeys.newPem(), TestKeys.newPem(), TestKeys.newPem());
  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("policy-properties");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // ---- any input: a result or problems within the file, never another exception ----

  @Property(tries = 400)
  void randomYamlLikeTextLoadsOrFailsWithLinesInTheFile(@ForAll("yamlLikeText") String text)
      throws IOException {
    assertLoadsOrFailsWithinFile(text);
  }

  @Property(tries = 400)
  void mutatedValidPoliciesLoadOrFailWithLinesInTheFile(@ForAll("mutatedPolicies") String text)
      throws IOException {
    assertLoadsOrFailsWithinFile(text);
  }

  @Property(tries = 200)
  void textMutationsOfAValidPolicyLoadOrFailWithLinesInTheFile(@ForAll("textMutations") String text)
      throws IOException {
    assertLoadsOrFailsWithinFile(text);
  }

  private static void assertLoadsOrFailsWithinFile(String text) throws IOException {
    Path file = Files.writeString(dir.resolve("policy.yaml"), text);
    int lines = YamlDocumentReader.lineCount(text.getBytes(StandardCharsets.UTF_8));
    try {
      PolicySet set = PolicyLoader.load(file);
      assertThat(set.revision()).startsWith("sha256:");
    } catch (PolicyException e) {
      assertThat(e.problems())
          .allSatisfy(
              p -> {
                assertThat(p.file()).isEqualTo(file);
                assertThat(p.line()).as(p.toString()).isBetween(1, lines);
                assertThat(p.message()).isNotBlank();
              });
    }
  }

  @Provide
  Arbitrary<String> yamlLikeText() {
    Arbitrary<String> tokens =
        Arbitraries.of(
            "apiVersion: provenant.dev/v1\n",
            "kind: ImagePolicy\n",
            "kind: PolicySettings\n",
            "metadata:\n  name: p\n",
            "spec:\n",
            "  match:\n    images: [\"**\"]\n",
            "  denyMutableTags: true\n",
            "  authorities:\n    keys:\n      - name: k\n",
            "---\n",
            "- ",
            ": ",
            "  ",
            "\n",
            "[",
            "]",
            "{",
            "}",
            "\"",
            "'",
            "#",
            "&a ",
            "*a",
            "!!binary ",
            "|",
            ">",
            "? ",
            "\t",
            "x",
            "1",
            "é",
            "null",
            "~",
            ",");
    return tokens.list().ofMaxSize(40).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> mutatedPolicies() {
    return Arbitraries.integers()
        .between(1, 4)
        .flatMap(count -> mutation().list().ofSize(count))
        .map(
            mutations -> {
              ObjectNode document = validDocument();
              mutations.forEach(m -> m.applyTo(document));
              return toYaml(document);
            });
  }

  @Provide
  Arbitrary<String> textMutations() {
    String valid = toYaml(validDocument());
    List<String> lines = valid.lines().toList();
    Arbitrary<Integer> lineIndex = Arbitraries.integers().between(0, lines.size() - 1);
    Arbitrary<String> noise =
        Arbitraries.strings().withChars(" :-[]{}\"'#&*!|>x1\n").ofMaxLength(6);
    return Combinators.combine(lineIndex, Arbitraries.integers().between(0, 3), noise)
        .as(
            (index, kind, inserted) -> {
              List<String> edited = new ArrayList<>(lines);
              switch (kind) {
                case 0 -> edited.remove((int) index);
                case 1 -> edited.add(index, edited.get(index));
                case 2 -> edited.set(index, edited.get(index) + inserted);
                default -> edited.set(index, inserted + edited.get(index).strip());
              }
              return String.join("\n", edited) + "\n";
            });
  }

  /** A change to one node of a document, chosen by position among all its nodes. */
  private record Mutation(int target, int kind, JsonNode replacement, String newName) {
    void applyTo(ObjectNode document) {
      List<Map.Entry<JsonNode, Object>> slots = new ArrayList<>();
      collect(document, slots);
      Map.Entry<JsonNode, Object> slot = slots.get(Math.floorMod(target, slots.size()));
      if (slot.getKey() instanceof ObjectNode parent && slot.getValue() instanceof String field) {
        switch (kind) {
          case 0 -> parent.remove(field);
          case 1 -> parent.set(newName, parent.remove(field));
          // A copy: the generator hands out the same container node to many mutations, and
          // inserting one instance twice could nest it inside itself.
          default -> parent.set(field, replacement.deepCopy());
        }
      } else if (slot.getKey() instanceof ArrayNode parent
          && slot.getValue() instanceof Integer index) {
        if (kind == 0) {
          parent.remove(index);
        } else {
          parent.set(index, replacement.deepCopy());
        }
      }
    }

    private static void collect(JsonNode node, List<Map.Entry<JsonNode, Object>> slots) {
      if (node instanceof ObjectNode object) {
        object.fieldNames().forEachRemaining(name -> slots.add(Map.entry(object, name)));
        object.forEach(child -> collect(child, slots));
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          slots.add(Map.entry(array, i));
          collect(array.get(i), slots);
        }
      }
    }
  }

  private static Arbitrary<Mutation> mutation() {
    Arbitrary<JsonNode> scalars =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
            Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
            Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
            Arbitraries.just(NODES.nullNode()),
            Arbitraries.just(NODES.arrayNode().add("x")),
            Arbitraries.just(NODES.objectNode().put("x", 1)));
    return Combinators.combine(
            Arbitraries.integers().between(0, 1000),
            Arbitraries.integers().between(0, 2),
            scalars,
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10))
        .as(Mutation::new);
  }

  private static ObjectNode validDocument() {
    try {
      return (ObjectNode)
          YAML.readTree(
              PolicyLoaderTest.EXAMPLE.replace(
                  "file: keys/release.pub", "pem: \"" + PEMS.get(0).replace("\n", "\\n") + "\""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String toYaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- policies assembled from valid parts keep their values ----

  /** What a generated policy says, to compare with what was loaded. */
  record Parts(
      String name,
      Mode mode,
      List<String> images,
      List<String> namespaces,
      List<String> pems,
      List<Map<String, String>> keyless,
      int threshold,
      boolean requireTransparencyLog,
      Map<String, String> provenance,
      List<String> attestationTypes,
      Optional<String> condition,
      boolean requireDigest,
      boolean denyMutableTags,
      Optional<Long> maxAgeMinutes) {

    int authorities() {
      return pems.size() + keyless.size();
    }

    String yaml() {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("mode", mode.yamlName());
      Map<String, Object> match = new LinkedHashMap<>();
      match.put("images", images);
      if (!namespaces.isEmpty()) {
        match.put("namespaces", namespaces);
      }
      spec.put("match", match);
      if (authorities() > 0) {
        List<Map<String, String>> keys = new ArrayList<>();
        for (int i = 0; i < pems.size(); i++) {
          keys.add(Map.of("name", "key-" + i, "pem", pems.get(i)));
        }
        Map<String, Object> authorities = new LinkedHashMap<>();
        authorities.put("threshold", threshold);
        authorities.put("requireTransparencyLog", requireTransparencyLog);
        authorities.put("keys", keys);
        authorities.put("keyless", keyless);
        spec.put("authorities", authorities);
        if (!provenance.isEmpty()) {
          spec.put("provenance", provenance);
        }
        List<Map<String, String>> attestations = new ArrayList<>();
        for (String type : attestationTypes) {
          Map<String, String> entry = new LinkedHashMap<>();
          entry.put("type", type);
          condition.ifPresent(c -> entry.put("condition", c));
          attestations.add(entry);
        }
        spec.put("attestations", attestations);
      }
      spec.put("requireDigest", requireDigest);
      spec.put("denyMutableTags", denyMutableTags || authorities() == 0);
      if (authorities() > 0) { // maxAge limits signatures, so it needs authorities
        maxAgeMinutes.ifPresent(m -> spec.put("maxAge", (m / 60) + "h" + (m % 60) + "m"));
      }
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("apiVersion", "provenant.dev/v1");
      document.put("kind", "ImagePolicy");
      document.put("metadata", Map.of("name", name));
      document.put("spec", spec);
      try {
        return YAML.writeValueAsString(document);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Provide
  Arbitrary<Parts> validParts() {
    Arbitrary<String> segment =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> glob =
        Combinators.combine(segment, Arbitraries.of("", "/*", "/**", "/?x"))
            .as((s, suffix) -> "registry.example.com/" + s + suffix);
    Arbitrary<Map<String, String>> keylessEntry =
        Combinators.combine(
                Arbitraries.of(
                    "https://token.actions.githubusercontent.com", "https://accounts.example"),
                segment,
                Arbitraries.of(true, false))
            .as(
                (issuer, subject, regex) -> {
                  Map<String, String> entry = new LinkedHashMap<>();
                  entry.put("issuer", issuer);
                  entry.put(
                      regex ? "subjectRegExp" : "subject", regex ? "^" + subject + ".*$" : subject);
                  entry.put("name", "id-" + subject);
                  return entry;
                });
    Arbitrary<Map<String, String>> provenance =
        Arbitraries.maps(
                Arbitraries.of("repository", "ref", "workflow", "issuer", "builderId"), segment)
            .ofMaxSize(5);
    return Builders.<Map<String, Object>>withBuilder(LinkedHashMap::new)
        .use(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20))
        .in((m, v) -> put(m, "name", v))
        .use(Arbitraries.of(Mode.class))
        .in((m, v) -> put(m, "mode", v))
        .use(glob.list().ofMinSize(1).ofMaxSize(3))
        .in((m, v) -> put(m, "images", v))
        .use(Arbitraries.of("prod-*", "default", "team-?").list().ofMaxSize(2))
        .in((m, v) -> put(m, "namespaces", v))
        .use(Arbitraries.integers().between(0, PEMS.size()))
        .in((m, v) -> put(m, "pems", PEMS.subList(0, v)))
        .use(keylessEntry.list().ofMaxSize(2).uniqueElements(e -> e.get("name")))
        .in((m, v) -> put(m, "keyless", v))
        .use(Arbitraries.integers().between(1, 5))
        .in((m, v) -> put(m, "threshold", v))
        .use(Arbitraries.of(true, false))
        .in((m, v) -> put(m, "tlog", v))
        .use(provenance)
        .in((m, v) -> put(m, "provenance", v))
        .use(Arbitraries.of(PredicateType.shortNameTable().keySet()).list().ofMaxSize(3))
        .in((m, v) -> put(m, "types", v))
        .use(
            Arbitraries.of("predicateType != \"\"", "has(predicate.x)", "size(predicate) > 0")
                .optional())
        .in((m, v) -> put(m, "condition", v))
        .use(Arbitraries.of(true, false))
        .in((m, v) -> put(m, "requireDigest", v))
        .use(Arbitraries.of(true, false))
        .in((m, v) -> put(m, "denyMutableTags", v))
        .use(Arbitraries.longs().between(1, 100_000).optional())
        .in((m, v) -> put(m, "maxAge", v))
        .build(PolicyLoaderPropertiesTest::parts);
  }

  private static Map<String, Object> put(Map<String, Object> map, String key, Object value) {
    map.put(key, value);
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Parts parts(Map<String, Object> m) {
    List<String> pems = (List<String>) m.get("pems");
    List<Map<String, String>> keyless = (List<Map<String, String>>) m.get("keyless");
    int authorities = pems.size() + keyless.size();
    return new Parts(
        (String) m.get("name"),
        (Mode) m.get("mode"),
        (List<String>) m.get("images"),
        (List<String>) m.get("namespaces"),
        pems,
        keyless,
        Math.min((Integer) m.get("threshold"), Math.max(1, authorities)),
        (Boolean) m.get("tlog"),
        (Map<String, String>) m.get("provenance"),
        (List<String>) m.get("types"),
        (Optional<String>) m.get("condition"),
        (Boolean) m.get("requireDigest"),
        (Boolean) m.get("denyMutableTags"),
        (Optional<Long>) m.get("maxAge"));
  }

  @Property(tries = 150)
  void policiesBuiltFromValidPartsLoadWithTheirValues(@ForAll("validParts") Parts parts)
      throws Exception {
    Path file = Files.writeString(dir.resolve("generated.yaml"), parts.yaml());

    ImagePolicy policy = PolicyLoader.load(file).policies().getFirst();

    assertThat(policy.name()).isEqualTo(parts.name());
    assertThat(policy.mode()).isEqualTo(parts.mode());
    assertThat(policy.match().images()).extracting(ImageGlob::pattern).isEqualTo(parts.images());
    assertThat(policy.match().namespaces())
        .extracting(ImageGlob::pattern)
        .isEqualTo(parts.namespaces());
    assertThat(policy.requireDigest()).isEqualTo(parts.requireDigest());
    assertThat(policy.optionalMaxAge())
        .isEqualTo(
            parts.maxAgeMinutes().filter(m -> parts.authorities() > 0).map(Duration::ofMinutes));
    if (parts.authorities() == 0) {
      assertThat(policy.authorities()).isNull();
      assertThat(policy.denyMutableTags()).isTrue();
      return;
    }
    assertThat(policy.denyMutableTags()).isEqualTo(parts.denyMutableTags());
    Authorities authorities = policy.authorities();
    assertThat(authorities.threshold()).isEqualTo(parts.threshold());
    assertThat(authorities.requireTransparencyLog()).isEqualTo(parts.requireTransparencyLog());
    assertThat(authorities.keys())
        .extracting(k -> PublicKeys.toPem(k.key()))
        .isEqualTo(parts.pems());
    assertThat(authorities.keyless()).hasSize(parts.keyless().size());
    for (int i = 0; i < parts.keyless().size(); i++) {
      Map<String, String> written = parts.keyless().get(i);
      KeylessAuthority loaded = authorities.keyless().get(i);
      assertThat(loaded.name()).isEqualTo(written.get("name"));
      assertThat(loaded.issuer()).isEqualTo(written.get("issuer"));
      assertThat(loaded.subject()).isEqualTo(written.get("subject"));
      assertThat(loaded.subjectRegExp()).isEqualTo(written.get("subjectRegExp"));
    }
    assertThat(policy.provenance())
        .isEqualTo(
            new ProvenanceRequirements(
                parts.provenance().get("repository"),
                parts.provenance().get("ref"),
                parts.provenance().get("workflow"),
                parts.provenance().get("issuer"),
                null,
                parts.provenance().get("builderId"),
                null));
    assertThat(policy.attestations())
        .extracting(AttestationRequirement::type)
        .isEqualTo(
            parts.attestationTypes().stream()
                .map(t -> PredicateType.shortNameTable().get(t))
                .toList());
    assertThat(policy.attestations())
        .allSatisfy(
            a ->
                assertThat(a.optionalCondition().map(c -> c.expression()))
                    .isEqualTo(parts.condition()));
  }
}
