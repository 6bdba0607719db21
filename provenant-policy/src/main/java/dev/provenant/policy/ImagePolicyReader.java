package dev.provenant.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.attestation.InvalidPredicateException;
import dev.provenant.core.attestation.PredicateType;
import dev.provenant.policy.evaluation.InvalidConditionException;
import dev.provenant.policy.evaluation.PredicateCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds an {@link ImagePolicy} from a schema-valid {@code kind: ImagePolicy} document, checking
 * what the schema cannot: keys parse, regular expressions and CEL conditions compile, the threshold
 * fits, and the policy requires something. A document with any problem yields no policy.
 */
final class ImagePolicyReader {
  private static final YamlPath SPEC = YamlPath.ROOT.field("spec");

  private final YamlDocument document;
  private final DocumentProblems problems;
  private final KeyEntries keys;

  private ImagePolicyReader(DocumentProblems problems, KeyEntries keys) {
    this.document = problems.document();
    this.problems = problems;
    this.keys = keys;
  }

  static Optional<ImagePolicy> read(DocumentProblems problems, KeyEntries keys) {
    return new ImagePolicyReader(problems, keys).read();
  }

  private Optional<ImagePolicy> read() {
    int problemsBefore = problems.count();
    JsonNode spec = document.root().path("spec");
    String name = document.root().path("metadata").path("name").asText();
    Mode mode =
        Mode.valueOf(spec.path("mode").asText(Mode.ENFORCE.yamlName()).toUpperCase(Locale.ROOT));
    JsonNode matchNode = spec.path("match");
    Match match = new Match(globs(matchNode.path("images")), globs(matchNode.path("namespaces")));
    JsonNode excludeNode = spec.path("exclude");
    Exclude exclude =
        new Exclude(globs(excludeNode.path("images")), globs(excludeNode.path("registries")));
    Authorities authorities =
        spec.has("authorities") ? authorities(spec.get("authorities")).orElse(null) : null;
    ProvenanceRequirements provenance = provenance(spec.path("provenance"));
    List<AttestationRequirement> attestations = attestations(spec.path("attestations"));
    boolean requireDigest = spec.path("requireDigest").asBoolean(false);
    boolean denyMutableTags = spec.path("denyMutableTags").asBoolean(false);
    Duration maxAge = spec.has("maxAge") ? maxAge(spec.get("maxAge").asText()) : null;
    requireAuthoritiesFor(spec, "attestations", !attestations.isEmpty());
    requireAuthoritiesFor(spec, "provenance", !provenance.isEmpty());
    requireAuthoritiesFor(spec, "maxAge", spec.has("maxAge"));
    if (!spec.has("authorities") && !requireDigest && !denyMutableTags) {
      problems.add(
          SPEC,
          "the policy requires nothing: give authorities (with attestations or provenance if"
              + " wanted), requireDigest: true or denyMutableTags: true");
    }
    if (problems.count() > problemsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new ImagePolicy(
            name,
            new PolicySource(problems.file(), document.startLine()),
            mode,
            match,
            exclude,
            authorities,
            provenance,
            attestations,
            requireDigest,
            denyMutableTags,
            maxAge));
  }

  private void requireAuthoritiesFor(JsonNode spec, String field, boolean given) {
    if (given && !spec.has("authorities")) {
      problems.add(
          SPEC.field(field), "needs authorities: say whose signatures make " + field + " count");
    }
  }

  private static List<ImageGlob> globs(JsonNode list) {
    List<ImageGlob> globs = new ArrayList<>();
    list.forEach(pattern -> globs.add(new ImageGlob(pattern.asText())));
    return globs;
  }

  private Optional<Authorities> authorities(JsonNode node) {
    YamlPath at = SPEC.field("authorities");
    int problemsBefore = problems.count();
    List<KeyAuthority> keyList = new ArrayList<>();
    JsonNode keyEntries = node.path("keys");
    for (int i = 0; i < keyEntries.size(); i++) {
      keys.policyKey(keyEntries.get(i), at.field("keys").index(i), problems)
          .ifPresent(keyList::add);
    }
    List<KeylessAuthority> keylessList = new ArrayList<>();
    JsonNode keylessEntries = node.path("keyless");
    for (int i = 0; i < keylessEntries.size(); i++) {
      keyless(keylessEntries.get(i), at.field("keyless").index(i)).ifPresent(keylessList::add);
    }
    int listed = keyEntries.size() + keylessEntries.size();
    if (listed == 0) {
      problems.add(at, "list at least one of keys and keyless");
    }
    checkNamesUnique(keyList, keylessList, at);
    int threshold = 1;
    if (node.has("threshold")) {
      JsonNode thresholdNode = node.get("threshold");
      if (thresholdNode.canConvertToInt()
          && thresholdNode.intValue() >= 1
          && thresholdNode.intValue() <= listed) {
        threshold = thresholdNode.intValue();
      } else if (listed > 0) {
        problems.add(
            at.field("threshold"),
            "threshold "
                + thresholdNode.asText()
                + " must be between 1 and "
                + listed
                + ", the number of authorities listed");
      }
    }
    if (problems.count() > problemsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new Authorities(
            threshold, keyList, keylessList, node.path("requireTransparencyLog").asBoolean(true)));
  }

  private void checkNamesUnique(
      List<KeyAuthority> keyList, List<KeylessAuthority> keylessList, YamlPath at) {
    Set<String> seen = new HashSet<>();
    // The same key under two names would let one signature count twice towards the threshold.
    Map<String, String> keyMaterial = new HashMap<>();
    for (int i = 0; i < keyList.size(); i++) {
      String encoded =
          java.util.Base64.getEncoder().encodeToString(keyList.get(i).key().getEncoded());
      String first = keyMaterial.putIfAbsent(encoded, keyList.get(i).name());
      if (first != null) {
        problems.add(
            at.field("keys").index(i),
            "authority '"
                + keyList.get(i).name()
                + "' is the same key as '"
                + first
                + "': list each key once, or the threshold would count one signer twice");
      }
    }
    for (int i = 0; i < keyList.size(); i++) {
      if (!seen.add(keyList.get(i).name())) {
        problems.add(
            at.field("keys").index(i).field("name"),
            "authority name '" + keyList.get(i).name() + "' is used twice in this policy");
      }
    }
    for (int i = 0; i < keylessList.size(); i++) {
      if (!seen.add(keylessList.get(i).name())) {
        problems.add(
            at.field("keyless").index(i),
            "authority name '"
                + keylessList.get(i).name()
                + "' is used twice in this policy; give each keyless entry its own name");
      }
    }
  }

  private Optional<KeylessAuthority> keyless(JsonNode entry, YamlPath at) {
    int problemsBefore = problems.count();
    String issuer = text(entry, "issuer");
    String issuerRegExp = regex(entry, "issuerRegExp", at);
    String subject = text(entry, "subject");
    String subjectRegExp = regex(entry, "subjectRegExp", at);
    if (entry.has("issuer") == entry.has("issuerRegExp")) {
      problems.add(at, "give exactly one of issuer and issuerRegExp");
    }
    if (entry.has("subject") == entry.has("subjectRegExp")) {
      problems.add(at, "give exactly one of subject and subjectRegExp");
    }
    if (problems.count() > problemsBefore) {
      return Optional.empty();
    }
    String name =
        entry.has("name")
            ? entry.get("name").asText()
            : (issuer != null ? issuer : issuerRegExp)
                + " "
                + (subject != null ? subject : subjectRegExp);
    Map<String, String> extensions = new LinkedHashMap<>();
    entry
        .path("extensions")
        .properties()
        .forEach(field -> extensions.put(field.getKey(), field.getValue().asText()));
    return Optional.of(
        new KeylessAuthority(name, issuer, issuerRegExp, subject, subjectRegExp, extensions));
  }

  /** The field's regular expression, or null when absent or (a problem is recorded) invalid. */
  private String regex(JsonNode entry, String field, YamlPath at) {
    String expression = text(entry, field);
    if (expression == null) {
      return null;
    }
    try {
      Pattern.compile(expression);
      return expression;
    } catch (PatternSyntaxException e) {
      problems.add(
          at.field(field),
          "invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    return node.has(field) ? node.get(field).asText() : null;
  }

  private static ProvenanceRequirements provenance(JsonNode node) {
    return new ProvenanceRequirements(
        text(node, "repository"),
        text(node, "ref"),
        text(node, "workflow"),
        text(node, "issuer"),
        text(node, "runnerEnvironment"),
        text(node, "builderId"),
        text(node, "sourceCommit"));
  }

  private List<AttestationRequirement> attestations(JsonNode list) {
    List<AttestationRequirement> attestations = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      YamlPath at = SPEC.field("attestations").index(i);
      JsonNode entry = list.get(i);
      String type = null;
      try {
        type = PredicateType.parse(entry.get("type").asText()).uri();
      } catch (InvalidPredicateException e) {
        problems.add(at.field("type"), e.getMessage());
      }
      PredicateCondition condition = null;
      boolean conditionValid = true;
      if (entry.has("condition")) {
        try {
          condition = PredicateCondition.compile(entry.get("condition").asText());
        } catch (InvalidConditionException e) {
          problems.add(at.field("condition"), e.getMessage());
          conditionValid = false;
        }
      }
      if (type != null && conditionValid) {
        attestations.add(new AttestationRequirement(type, condition));
      }
    }
    return attestations;
  }

  private Duration maxAge(String text) {
    try {
      return GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(SPEC.field("maxAge"), e.getMessage());
      return null;
    }
  }
}
