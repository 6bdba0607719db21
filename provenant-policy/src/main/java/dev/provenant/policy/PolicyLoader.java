package dev.provenant.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads policy files: multi-document YAML of {@code kind: ImagePolicy} and (at most one) {@code
 * kind: PolicySettings}, {@code apiVersion: provenant.dev/v1}, as described in {@code
 * docs/policy.md}. Every document is checked against {@code policy.schema.json} and then for what
 * the schema cannot express (keys, regular expressions, CEL conditions, thresholds).
 *
 * <p>All or nothing: every problem in every file is collected, with its line, into one {@link
 * PolicyException}, and no policy is returned unless all of them load. A policy set that silently
 * lost a document would allow what that document denies.
 */
public final class PolicyLoader {
  private static final String IMAGE_POLICY = "ImagePolicy";
  private static final String POLICY_SETTINGS = "PolicySettings";

  private final List<PolicyProblem> problems = new ArrayList<>();
  private final RevisionDigest revision = new RevisionDigest();
  private final KeyEntries keys = new KeyEntries(revision);

  /** A schema-valid document and the file it came from. */
  private record SourcedDocument(Path file, YamlDocument document) {
    String kind() {
      return document.root().path("kind").asText();
    }

    String location() {
      return file + ":" + document.startLine();
    }
  }

  private PolicyLoader() {}

  /** Loads one policy file. */
  public static PolicySet load(Path file) throws PolicyException {
    return load(List.of(file));
  }

  /**
   * Loads the policies of {@code files} as one set.
   *
   * @throws PolicyException listing every problem found in any of the files, each with its file and
   *     line
   */
  public static PolicySet load(List<Path> files) throws PolicyException {
    Objects.requireNonNull(files, "files");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("give at least one policy file");
    }
    return new PolicyLoader().loadAll(files);
  }

  private PolicySet loadAll(List<Path> files) throws PolicyException {
    List<SourcedDocument> documents = new ArrayList<>();
    for (Path file : files) {
      documents.addAll(readFile(file));
    }
    UnmatchedImages unmatched = readSettings(documents);
    List<ImagePolicy> policies = readPolicies(documents);
    if (!problems.isEmpty()) {
      throw new PolicyException(inFileOrder(files));
    }
    return new PolicySet(policies, unmatched, revision.finish(), revision.files());
  }

  /** The file's schema-valid documents; its other documents only add problems. */
  private List<SourcedDocument> readFile(Path file) {
    byte[] content;
    try {
      content = BoundedFiles.read(file);
    } catch (IOException e) {
      problems.add(new PolicyProblem(file, 0, e.getMessage()));
      return List.of();
    }
    revision.add(file, content);
    YamlDocumentReader.Result yaml = YamlDocumentReader.read(content);
    yaml.problems().forEach(p -> problems.add(new PolicyProblem(file, p.line(), p.message())));
    if (yaml.documents().isEmpty() && yaml.problems().isEmpty()) {
      problems.add(
          new PolicyProblem(
              file, 1, "no policy documents: the file is empty or only has comments"));
    }
    List<SourcedDocument> valid = new ArrayList<>();
    for (YamlDocument document : yaml.documents()) {
      DocumentProblems documentProblems = new DocumentProblems(file, document, problems);
      List<PolicySchema.Violation> violations = PolicySchema.validate(document.root());
      violations.forEach(v -> documentProblems.add(v.path(), v.message()));
      if (violations.isEmpty()) {
        valid.add(new SourcedDocument(file, document));
      }
    }
    return valid;
  }

  private UnmatchedImages readSettings(List<SourcedDocument> documents) {
    SourcedDocument first = null;
    UnmatchedImages unmatched = UnmatchedImages.DENY;
    for (SourcedDocument settings : documents) {
      if (!settings.kind().equals(POLICY_SETTINGS)) {
        continue;
      }
      DocumentProblems documentProblems =
          new DocumentProblems(settings.file(), settings.document(), problems);
      if (first != null) {
        documentProblems.add(
            YamlPath.ROOT.field("kind"),
            "a second PolicySettings document; there can be only one (the first is at "
                + first.location()
                + ")");
        continue;
      }
      first = settings;
      unmatched = PolicySettingsReader.read(settings.document(), documentProblems, keys);
    }
    return unmatched;
  }

  private List<ImagePolicy> readPolicies(List<SourcedDocument> documents) {
    List<ImagePolicy> policies = new ArrayList<>();
    Map<String, SourcedDocument> byName = new HashMap<>();
    for (SourcedDocument policy : documents) {
      if (!policy.kind().equals(IMAGE_POLICY)) {
        continue;
      }
      DocumentProblems documentProblems =
          new DocumentProblems(policy.file(), policy.document(), problems);
      String name = policy.document().root().path("metadata").path("name").asText();
      SourcedDocument previous = byName.putIfAbsent(name, policy);
      if (previous != null) {
        documentProblems.add(
            YamlPath.ROOT.field("metadata").field("name"),
            "policy name '" + name + "' is already used at " + previous.location());
      }
      ImagePolicyReader.read(documentProblems, keys).ifPresent(policies::add);
    }
    return policies;
  }

  /** Problems grouped by file in the order the files were given, then by line. */
  private List<PolicyProblem> inFileOrder(List<Path> files) {
    return problems.stream()
        .sorted(
            Comparator.comparingInt((PolicyProblem p) -> files.indexOf(p.file()))
                .thenComparingInt(PolicyProblem::line))
        .toList();
  }
}
