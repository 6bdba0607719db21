package dev.provenant.cli;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.signature.ImageSignatureStatement;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.signature.BundleAttachments;
import dev.provenant.oci.signature.BundleSignatureVerifier;
import dev.provenant.oci.signature.LegacyVerifier;
import dev.provenant.oci.signature.TransparencyLogPolicy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
      "Exit 0 when at least one signature is accepted, 1 when none is (or there are none)."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin RegistryFlags registryFlags;
  @Mixin VerificationFlags verification;

  @Parameters(index = "0", paramLabel = "REF", description = "The image to verify.")
  String reference;

  @Override
  public Integer call() throws Exception {
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
}
