package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.policy.PolicySet;
import dev.provenant.policy.decision.DecisionJson;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.decision.RuleResult;
import dev.provenant.policy.engine.PolicyEngine;
import dev.provenant.policy.engine.RegistryClients;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code provenant policy test}: one decision compared with what its author expects. */
@Command(
    name = "test",
    description = {
      "Decide one image against the policies, print every rule, and compare the outcome with"
          + " --expect (a warned image counts as allowed).",
      "Exit 0 when the outcome is the expected one, 1 when it is not."
    })
final class PolicyTestCommand implements Callable<Integer> {
  /** What the author expects. */
  enum Expectation {
    allow,
    deny
  }

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin RegistryFlags registryFlags;
  @Mixin PolicyFlags policyFlags;

  @Option(names = "--image", required = true, paramLabel = "REF", description = "The image.")
  String image;

  @Option(
      names = "--expect",
      required = true,
      paramLabel = "allow|deny",
      description = "The outcome the policy should reach.")
  Expectation expect;

  @Option(
      names = "--expect-rule",
      paramLabel = "RULE",
      description =
          "A rule the decision must fail (authorities, provenance.ref, attestation <type>,"
              + " denyMutableTags…); repeat for several. Pins down why an image is denied, so that"
              + " a denial for another reason (such as an unreachable registry) fails the test.")
  List<String> expectedRules = List.of();

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Decide as for a pod in this Kubernetes namespace (match.namespaces).")
  String namespace;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description =
          "trusted_root.json for keyless authorities, logs and timestamps ('public-good' for the"
              + " Sigstore public instance).")
  String trustedRoot;

  @Override
  public Integer call() throws CommandFailure {
    if (!policyFlags.given()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --policy FILE");
    }
    PolicySet policies = policyFlags.load();
    ImageDecision decision;
    try (RegistryClients clients =
        PolicyEngines.clients(
            registryFlags, Set.of(String.valueOf(ResolvedImage.registryOf(image))))) {
      PolicyEngine engine = PolicyEngines.open(policies, clients, trustedRoot);
      decision = engine.decide(image, namespace);
    }
    // Only enforcing policies deny: a rule a warn-mode policy failed is not why an image was
    // denied, so it cannot answer --expect-rule for a denial.
    List<String> failedRules =
        decision.policies().stream()
            .filter(
                p -> expect == Expectation.allow || p.mode() == dev.provenant.policy.Mode.ENFORCE)
            .flatMap(p -> p.failures().stream())
            .map(RuleResult::rule)
            .distinct()
            .toList();
    List<String> missingRules =
        expectedRules.stream().filter(r -> !failedRules.contains(r)).toList();
    boolean asExpected =
        decision.allowed() == (expect == Expectation.allow) && missingRules.isEmpty();
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      ObjectNode root = DecisionJson.toJson(decision);
      root.put("expected", expect.name());
      root.put("asExpected", asExpected);
      missingRules.forEach(root.putArray("rulesThatDidNotFail")::add);
      out.println(Json.pretty(root));
    } else {
      DecisionPrinter.printText(decision, out);
      out.println(
          (asExpected ? "PASS" : "FAIL")
              + ": expected "
              + expect
              + (expectedRules.isEmpty() ? "" : " by " + String.join(", ", expectedRules))
              + ", the decision is "
              + decision.outcome().lowerCase()
              + (missingRules.isEmpty()
                  ? ""
                  : "; these rules did not fail: " + String.join(", ", missingRules)));
      if (asExpected && !decision.allowed() && failedRules.equals(List.of("evidence"))) {
        out.println(
            "note: denied only because the evidence could not be read, not by a rule about the"
                + " image; pin the reason with --expect-rule");
      }
    }
    out.flush();
    return asExpected ? ExitCode.OK : ExitCode.NOT_VERIFIED;
  }
}
