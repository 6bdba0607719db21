package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.PolicyException;
import dev.provenant.policy.PolicyLoader;
import dev.provenant.policy.PolicyProblem;
import dev.provenant.policy.PolicySet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant policy lint FILE...}: every problem of a policy set, with its line. */
@Command(
    name = "lint",
    description = {
      "Check ImagePolicy files against the schema and load them as 'verify --policy' and 'serve'"
          + " would: unknown fields, wrong types, unreadable keys, CEL conditions that do not"
          + " compile, thresholds out of range. Each problem is printed as FILE:LINE: message.",
      "Exit 0 when the files load, 2 when they do not."
    })
final class PolicyLintCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files, loaded together.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PolicySet policies;
    try {
      policies = PolicyLoader.load(files);
    } catch (PolicyException e) {
      if (output.json()) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("valid", false);
        ArrayNode problems = root.putArray("problems");
        for (PolicyProblem problem : e.problems()) {
          ObjectNode node = problems.addObject();
          node.put("file", problem.file().toString());
          node.put("line", problem.line());
          node.put("message", problem.message());
        }
        out.println(Json.pretty(root));
      } else {
        for (PolicyProblem problem : e.problems()) {
          out.println(Printable.safe(problem.toString()));
        }
        out.println(
            e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems") + " found");
      }
      out.flush();
      return ExitCode.INPUT;
    }
    if (output.json()) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.put("valid", true);
      root.put("revision", policies.revision());
      root.put("unmatchedImages", policies.unmatched().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode names = root.putArray("policies");
      policies.policies().forEach(p -> names.add(p.name()));
      out.println(Json.pretty(root));
    } else {
      for (ImagePolicy policy : policies.policies()) {
        out.println(
            Printable.safe(policy.source().toString())
                + ": policy "
                + Printable.safe(policy.name())
                + " ("
                + policy.mode().yamlName()
                + ")");
      }
      out.println(
          policies.policies().size()
              + (policies.policies().size() == 1 ? " policy" : " policies")
              + " OK; images no policy matches are "
              + (policies.unmatched() == dev.provenant.policy.UnmatchedImages.DENY
                  ? "denied"
                  : "allowed")
              + "; revision "
              + policies.revision());
    }
    out.flush();
    return ExitCode.OK;
  }
}
