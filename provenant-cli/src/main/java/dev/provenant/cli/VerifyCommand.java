package dev.provenant.cli;

import dev.provenant.core.bundle.BundleVerifier;
import dev.provenant.core.bundle.VerificationKey;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.signature.ImageSignatureStatement;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.oci.signature.BundleAttachments;
import dev.provenant.oci.signature.BundleSignatureVerifier;
import dev.provenant.oci.signature.LegacyVerifier;
import dev.provenant.oci.signature.TransparencyLogPolicy;
import dev.provenant.sigstore.CertificatePolicy;
import dev.provenant.sigstore.FulcioCertificateChecker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
      "Exit 0 when at least one signature is accepted, 1 when none is (or there are none)."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin RegistryFlags registryFlags;
  @Mixin IdentityFlags identityFlags;

  @Option(
      names = "--key",
      paramLabel = "PUB",
      description = "Public key (PEM) to accept signatures from; repeat to accept several.")
  List<Path> keys = List.of();

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description =
          "trusted_root.json whose transparency logs and timestamp authorities vouch for bundle"
              + " signatures ('public-good' for the Sigstore public instance).")
  String trustedRoot;

  @Option(
      names = "--insecure-ignore-tlog",
      description =
          "Accept key signatures that have no transparency log entry (signed offline, as with"
              + " cosign's --tlog-upload=false).")
  boolean insecureIgnoreTlog;

  @Parameters(index = "0", paramLabel = "REF", description = "The image to verify.")
  String reference;

  @Override
  public Integer call() throws Exception {
    if (keys.isEmpty() == !identityFlags.given()) {
      throw new ParameterException(
          spec.commandLine(),
          keys.isEmpty()
              ? "give --key PUB to verify key signatures, or --certificate-identity[-regexp] and"
                  + " --certificate-oidc-issuer[-regexp] to verify keyless ones"
              : "--key and --certificate-identity/--certificate-oidc-issuer exclude each other");
    }
    CertificatePolicy policy = identityFlags.given() ? identityFlags.policy(spec) : null;
    List<PublicKey> publicKeys = KeyFiles.publicKeys(keys);
    String signatureRepository =
        ProvenantCommand.environment(spec).get(SignCommand.COSIGN_REPOSITORY);
    TrustedRoot root = TrustRoots.load(trustedRoot);
    TransparencyLogPolicy logPolicy = new TransparencyLogPolicy(root, !insecureIgnoreTlog);
    BundleVerifier bundleVerifier = new BundleVerifier(root, Clock.systemUTC());
    if (insecureIgnoreTlog) {
      bundleVerifier = bundleVerifier.ignoringMissingTransparencyLog();
    }
    List<VerificationKey> bundleKeys =
        policy != null
            ? List.of(new VerificationKey.Keyless(new FulcioCertificateChecker(root, policy)))
            : publicKeys.stream().<VerificationKey>map(VerificationKey.Managed::new).toList();
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
      if (policy == null) {
        verdicts.addAll(
            LegacyVerifier.verify(
                    signatures.client(),
                    image.reference(),
                    digest,
                    publicKeys,
                    signatureRepository,
                    logPolicy)
                .verdicts());
      } else {
        verdicts.addAll(
            LegacyVerifier.verifyKeyless(
                    signatures.client(),
                    image.reference(),
                    digest,
                    new FulcioCertificateChecker(root, policy),
                    signatureRepository,
                    logPolicy)
                .verdicts());
      }
      verdicts.addAll(
          BundleSignatureVerifier.verify(
              BundleAttachments.list(image.client(), image.reference().repository(), digest),
              digest,
              bundleVerifier,
              bundleKeys,
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
