package dev.provenant.cli;

import dev.provenant.policy.PolicyException;
import dev.provenant.policy.PolicyLoader;
import dev.provenant.policy.PolicyProblem;
import dev.provenant.policy.PolicySet;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --policy FILE}, repeatable: the ImagePolicy documents a verb enforces. */
final class PolicyFlags {
  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "ImagePolicy YAML to enforce (docs/policy.md); repeat for several files. Every policy"
              + " that matches an image must pass.")
  List<Path> files = List.of();

  boolean given() {
    return !files.isEmpty();
  }

  /** Loads every file, or fails with each problem and its line. */
  PolicySet load() throws CommandFailure {
    try {
      return PolicyLoader.load(files);
    } catch (PolicyException e) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_policy",
          "the policy cannot be used ("
              + e.problems().size()
              + (e.problems().size() == 1 ? " problem):" : " problems):"),
          e.problems().stream().map(PolicyProblem::toString).toList(),
          e);
    }
  }
}
