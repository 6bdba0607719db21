package dev.provenant.policy;

import java.nio.file.Path;
import java.util.List;

/** Records problems of one document at the line of the node they concern. */
final class DocumentProblems {
  private final Path file;
  private final YamlDocument document;
  private final List<PolicyProblem> sink;

  DocumentProblems(Path file, YamlDocument document, List<PolicyProblem> sink) {
    this.file = file;
    this.document = document;
    this.sink = sink;
  }

  void add(YamlPath path, String message) {
    sink.add(new PolicyProblem(file, document.lineOf(path), path + ": " + message));
  }

  /** How many problems have been recorded so far, to tell whether a part added any. */
  int count() {
    return sink.size();
  }

  Path file() {
    return file;
  }

  YamlDocument document() {
    return document;
  }
}
