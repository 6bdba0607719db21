package dev.provenant.cli;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.signature.ImageSignatureStatement;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.signature.BundleAttachments;
import dev.provenant.oci.signature.BundleSignatureVerifier;
import dev.provenant.oci.signature.LegacyVerifier;
import dev.provenant.oci.signature.TransparencyLogPolicy;
import dev.provenant.policy.PolicySet;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.engine.PolicyEngine;
import dev.provenant.policy.engine.RegistryClients;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant verify}: finds an image's signatures and says for each why it is accepted. */
@Command(
    name = "verify",
    description = {
      "Find every signature of an image (cosign's .sig tag and Sigstore bundle referrers) and"
          + " check each: it names the image's manifest digest, it is signed by a given key"
          + " (--key) or by a certificate for the given identity and issuer, and its transparency"
          + " log entry or timestamp verifies against --trusted-root.",
      "With --policy FILE, decide each REF against ImagePolicy documents instead (keys and"
          + " identities come from the policies' authorities): every rule of every matching"
          + " policy is printed with what was expected and what was found.",
      "Exit 0 when at least one signature is accepted (with --policy: every image allowed), 1"
          + " when none is (or there are none; with --policy: an image denied)."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin RegistryFlags registryFlags;
  @Mixin VerificationFlags verification;
  @Mixin PolicyFlags policyFlags;

  @Parameters(
      arity = "1..*",
      paramLabel = "REF",
      description = "The image to verify (several with --policy).")
  List<String> references;

  @Override
  public Integer call() throws Exception {
    if (policyFlags.given()) {
      return decide();
    }
    if (references.size() > 1) {
      throw new ParameterException(
          spec.commandLine(), "give one REF, or --policy FILE to decide several images");
    }
    String reference = references.getFirst();
    VerificationFlags.Resolved trust = verification.resolve(spec, "signatures");
    String signatureRepository =
        ProvenantCommand.environment(spec).get(SignCommand.COSIGN_REPOSITORY);
    TransparencyLogPolicy logPolicy = new TransparencyLogPolicy(trust.root(), trust.requireLog());
    VerificationReport report;
    try (ResolvedImage image =
            ResolvedImage.resolve(
                reference, registryFlags.toOptions(ResolvedImage.registryOf(reference)));
        SignatureRegistry signatures =
            SignatureRegistry.open(
                image,
                signatureRepository,
                registryFlags.toOptions(image.reference().registry()))) {
      Digest digest = image.reference().digest();
      List<SignatureVerdict> verdicts = new ArrayList<>();
      if (trust.keyless() == null) {
        verdicts.addAll(
            LegacyVerifier.verify(
                    signatures.client(),
                    image.reference(),
                    digest,
                    trust.publicKeys(),
                    signatureRepository,
                    logPolicy)
                .verdicts());
      } else {
        verdicts.addAll(
            LegacyVerifier.verifyKeyless(
                    signatures.client(),
                    image.reference(),
                    digest,
                    trust.keyless(),
                    signatureRepository,
                    logPolicy)
                .verdicts());
      }
      verdicts.addAll(
          BundleSignatureVerifier.verify(
              BundleAttachments.list(image.client(), image.reference().repository(), digest),
              digest,
              trust.bundleVerifier(),
              trust.bundleKeys(),
              ImageSignatureStatement.PREDICATE_TYPE));
      report = new VerificationReport(image.reference().toString(), verdicts);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(Json.pretty(VerdictPrinter.toJson(report)));
    } else {
      VerdictPrinter.printText(report, out);
    }
    out.flush();
    return report.verified() ? ExitCode.OK : ExitCode.NOT_VERIFIED;
  }

  private int decide() throws CommandFailure {
    if (verification.givesSigners()) {
      throw new ParameterException(
          spec.commandLine(),
          "--policy takes the keys and identities from the policies' authorities: drop --key and"
              + " the --certificate-* flags, or drop --policy");
    }
    if (verification.insecureIgnoreTlog) {
      throw new ParameterException(
          spec.commandLine(),
          "--policy takes the transparency log requirement from each policy"
              + " (authorities.requireTransparencyLog): drop --insecure-ignore-tlog");
    }
    PolicySet policies = policyFlags.load();
    Set<String> registries = new HashSet<>();
    references.forEach(r -> registries.add(ResolvedImage.registryOf(r)));
    List<ImageDecision> decisions = new ArrayList<>();
    try (RegistryClients clients = PolicyEngines.clients(registryFlags, registries)) {
      PolicyEngine engine = PolicyEngines.open(policies, clients, verification.trustedRoot);
      for (String reference : references) {
        decisions.add(engine.decide(reference, null));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(Json.pretty(DecisionPrinter.toJson(decisions, policies.revision())));
    } else {
      for (ImageDecision decision : decisions) {
        DecisionPrinter.printText(decision, out);
      }
    }
    out.flush();
    return decisions.stream().allMatch(ImageDecision::allowed)
        ? ExitCode.OK
        : ExitCode.NOT_VERIFIED;
  }
}
