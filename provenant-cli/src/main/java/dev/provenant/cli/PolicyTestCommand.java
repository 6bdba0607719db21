package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.policy.PolicySet;
import dev.provenant.policy.decision.DecisionJson;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.engine.PolicyEngine;
import dev.provenant.policy.engine.RegistryClients;
import java.io.PrintWriter;
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
    boolean asExpected = decision.allowed() == (expect == Expectation.allow);
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      ObjectNode root = DecisionJson.toJson(decision);
      root.put("expected", expect.name());
      root.put("asExpected", asExpected);
      out.println(Json.pretty(root));
    } else {
      DecisionPrinter.printText(decision, out);
      out.println(
          (asExpected ? "PASS" : "FAIL")
              + ": expected "
              + expect
              + ", the decision is "
              + decision.outcome().lowerCase());
    }
    out.flush();
    return asExpected ? ExitCode.OK : ExitCode.NOT_VERIFIED;
  }
}
