package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.policy.decision.DecisionJson;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.decision.PolicyResult;
import dev.provenant.policy.decision.RuleResult;
import java.io.PrintWriter;
import java.util.List;

/** Prints policy decisions: every policy and rule, in text or JSON. */
final class DecisionPrinter {
  private DecisionPrinter() {}

  static void printText(ImageDecision decision, PrintWriter out) {
    out.println("Image: " + Printable.safe(decision.image()));
    out.println(
        "Digest: " + (decision.digest() == null ? "(not resolved)" : decision.digest().toString()));
    out.println(
        "Decision: " + decision.outcome().name() + " - " + Printable.safe(decision.reason()));
    for (PolicyResult result : decision.policies()) {
      out.println(
          "Policy "
              + Printable.safe(result.policy())
              + " ("
              + result.mode().yamlName()
              + "): "
              + (result.excluded()
                  ? "excluded by " + Printable.safe(result.excludedBy())
                  : result.passed() ? "passed" : "failed"));
      for (RuleResult rule : result.rules()) {
        out.println(
            "  "
                + (rule.passed() ? "PASS " : "FAIL ")
                + Printable.safe(rule.rule())
                + ": expected "
                + Printable.safe(rule.expected())
                + "; found "
                + Printable.safe(rule.found()));
        for (String evidence : rule.evidence()) {
          out.println("       evidence: " + Printable.safe(evidence));
        }
        if (rule.remedy() != null) {
          out.println("       what to do: " + Printable.safe(rule.remedy()));
        }
      }
    }
  }

  /** {@code {"allowed": …, "policyRevision": …, "images": [decision…]}}. */
  static ObjectNode toJson(List<ImageDecision> decisions, String revision) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("allowed", decisions.stream().allMatch(ImageDecision::allowed));
    root.put("policyRevision", revision);
    ArrayNode images = root.putArray("images");
    decisions.forEach(d -> images.add(DecisionJson.toJson(d)));
    return root;
  }
}
