package dev.provenant.cli;

import dev.provenant.core.bundle.BundleVerifier;
import dev.provenant.core.bundle.VerificationKey;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.keys.InvalidKeyException;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.trust.TrustedRootException;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.core.verification.VerificationReport;
import dev.provenant.sigstore.CertificatePolicy;
import dev.provenant.sigstore.FulcioCertificateChecker;
import dev.provenant.sigstore.TrustedRoots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code provenant verify-blob}: verifies a Sigstore bundle over a file, offline. */
@Command(
    name = "verify-blob",
    description = {
      "Verify a Sigstore bundle (v0.1-v0.3) over ARTIFACT, offline, against a trusted root:"
          + " the signature (or DSSE envelope naming ARTIFACT), the transparency log entries"
          + " (SET, inclusion proof, checkpoint), RFC 3161 timestamps, and either a managed key"
          + " (--key) or the Fulcio certificate's identity and issuer.",
      "Prints each check; exit 0 if the bundle is accepted, 1 if it is rejected."
    })
final class VerifyBlobCommand implements Callable<Integer> {
  /** Artifacts are read into memory to verify the signature over them. */
  private static final long MAX_ARTIFACT_BYTES = 1L << 30;

  /** Bundles and trusted roots are kilobytes; a file far larger is not one. */
  private static final long MAX_BUNDLE_BYTES = 16L << 20;

  @Spec CommandSpec spec;
  @Mixin OutputOption output;
  @Mixin IdentityFlags identityFlags;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "FILE",
      description = "The Sigstore bundle (.sigstore.json) to verify.")
  Path bundle;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "A PEM public key (cosign.pub): verify a managed-key bundle with it.")
  Path key;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE|public-good",
      description =
          "The trusted_root.json to verify against, or 'public-good' for the copy of the Sigstore"
              + " public-good root shipped with Provenant. Required: no root is trusted by default.")
  String trustedRoot;

  @Option(
      names = "--insecure-ignore-tlog",
      description =
          "Accept a managed-key bundle with no transparency log entry (as `sign-blob --key`"
              + " without --rekor-url writes): the signature must still verify, but nothing proves"
              + " when it was made or that it was made public. Keyless bundles still need a"
              + " verified signing time.")
  boolean insecureIgnoreTlog;

  @Parameters(index = "0", paramLabel = "ARTIFACT", description = "The signed file.")
  Path artifact;

  @Override
  public Integer call() throws Exception {
    // Usage first: a wrong command line is reported before any file is read.
    PublicKey managedKey = key != null ? readKey() : null;
    CertificatePolicy policy = managedKey == null ? identityFlags.policy(spec) : null;
    if (trustedRoot == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--trusted-root is required: give a trusted_root.json (offline verification trusts"
              + " nothing by default), or '--trusted-root public-good' for the Sigstore public-good"
              + " instance as shipped with this Provenant");
    }
    byte[] bundleBytes = read(bundle, "bundle", MAX_BUNDLE_BYTES);
    byte[] artifactBytes = read(artifact, "artifact", MAX_ARTIFACT_BYTES);
    String source = "bundle " + bundle;
    String subject = artifact + " (" + Digest.sha256(artifactBytes) + ")";

    SignatureVerdict verdict;
    TrustedRoot root;
    try {
      root = trustedRoot();
    } catch (TrustedRootException e) {
      root = null;
      // Fail closed: a malformed trust root rejects; it never widens trust.
      verdict =
          new SignatureVerdict(
              source,
              Signer.unknown(),
              List.of(
                  Check.fail(
                      "trusted-root",
                      "the trusted root " + trustedRoot + " is not usable: " + e.getMessage())));
      return report(new VerificationReport(subject, List.of(verdict)));
    }
    VerificationKey verificationKey =
        managedKey != null
            ? new VerificationKey.Managed(managedKey)
            : new VerificationKey.Keyless(new FulcioCertificateChecker(root, policy));
    BundleVerifier verifier = new BundleVerifier(root, Clock.systemUTC());
    if (insecureIgnoreTlog) {
      verifier = verifier.ignoringMissingTransparencyLog();
    }
    verdict = verifier.verify(bundleBytes, source, artifactBytes, verificationKey);
    return report(new VerificationReport(subject, List.of(verdict)));
  }

  private int report(VerificationReport report) {
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      out.println(Json.pretty(VerdictPrinter.toJson(report)));
    } else {
      VerdictPrinter.printText(report, out);
    }
    out.flush();
    if (!report.verified()) {
      String reason =
          report.verdicts().stream()
              .flatMap(v -> v.firstFailure().stream())
              .map(Check::detail)
              .findFirst()
              .orElse("no signature accepted");
      spec.commandLine().getErr().println("provenant: not verified: " + Printable.safe(reason));
      spec.commandLine().getErr().flush();
    }
    return report.verified() ? ExitCode.OK : ExitCode.NOT_VERIFIED;
  }

  private PublicKey readKey() throws CommandFailure {
    if (identityFlags.given()) {
      throw new ParameterException(
          spec.commandLine(),
          "--key and --certificate-identity/--certificate-oidc-issuer exclude each other: a bundle"
              + " is verified either with a managed key or by its certificate");
    }
    byte[] pem = read(key, "key", 1 << 20);
    try {
      return PublicKeys.parsePem(new String(pem, StandardCharsets.UTF_8));
    } catch (InvalidKeyException e) {
      throw new CommandFailure(ExitCode.INPUT, "invalid_input", key + ": " + e.getMessage(), e);
    }
  }

  private TrustedRoot trustedRoot() throws TrustedRootException, CommandFailure {
    if (trustedRoot.equals(TrustedRoots.PUBLIC_GOOD)) {
      return TrustedRoots.publicGood();
    }
    return TrustedRoot.parse(read(Path.of(trustedRoot), "trusted root", MAX_BUNDLE_BYTES));
  }

  private static byte[] read(Path file, String what, long limit) throws CommandFailure {
    try {
      long size = Files.size(file);
      if (size > limit) {
        throw new CommandFailure(
            ExitCode.INPUT,
            "invalid_input",
            what + " " + file + " is larger than " + limit + " bytes",
            null);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(
          ExitCode.INPUT, "invalid_input", what + " " + file + ": no such file", e);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.INPUT,
          "invalid_input",
          what + " " + file + " cannot be read: " + e.getMessage(),
          e);
    }
  }
}
