package dev.provenant.cli;

import dev.provenant.core.bundle.BundleVerifier;
import dev.provenant.core.bundle.VerificationKey;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.sigstore.CertificatePolicy;
import dev.provenant.sigstore.FulcioCertificateChecker;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Who may have signed and what vouches for when: keys ({@code --key}) or a certificate identity
 * (the identity flags), the trusted root, and {@code --insecure-ignore-tlog}. A picocli mixin
 * shared by {@code verify} and {@code verify-attestation}.
 */
final class VerificationFlags {
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
          "trusted_root.json whose transparency logs and timestamp authorities vouch for"
              + " signatures ('public-good' for the Sigstore public instance).")
  String trustedRoot;

  @Option(
      names = "--insecure-ignore-tlog",
      description =
          "Accept key signatures that have no transparency log entry (signed offline, as with"
              + " cosign's --tlog-upload=false).")
  boolean insecureIgnoreTlog;

  /**
   * Everything a verification needs, read from the flags.
   *
   * @param policy the certificate constraints, or null when verifying with keys
   * @param keyless the certificate checker, or null when verifying with keys
   * @param bundleKeys what bundles are checked against: the keys, or the one keyless checker
   */
  record Resolved(
      List<PublicKey> publicKeys,
      CertificatePolicy policy,
      FulcioCertificateChecker keyless,
      TrustedRoot root,
      boolean requireLog,
      BundleVerifier bundleVerifier,
      List<VerificationKey> bundleKeys) {}

  /** Whether keys or a certificate identity were given. */
  boolean givesSigners() {
    return !keys.isEmpty() || identityFlags.given();
  }

  /**
   * Checks the flags and loads keys and the trusted root.
   *
   * @param what what is verified, for the usage message: "signatures", "attestations"
   * @throws ParameterException when neither or both of keys and identity are given
   */
  Resolved resolve(CommandSpec spec, String what) throws CommandFailure {
    if (keys.isEmpty() == !identityFlags.given()) {
      throw new ParameterException(
          spec.commandLine(),
          keys.isEmpty()
              ? "give --key PUB to verify key "
                  + what
                  + ", or --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]"
                  + " to verify keyless ones"
              : "--key and --certificate-identity/--certificate-oidc-issuer exclude each other");
    }
    CertificatePolicy policy = identityFlags.given() ? identityFlags.policy(spec) : null;
    List<PublicKey> publicKeys = KeyFiles.publicKeys(keys);
    TrustedRoot root = TrustRoots.load(trustedRoot);
    BundleVerifier bundleVerifier = new BundleVerifier(root, Clock.systemUTC());
    if (insecureIgnoreTlog) {
      bundleVerifier = bundleVerifier.ignoringMissingTransparencyLog();
    }
    FulcioCertificateChecker keyless =
        policy != null ? new FulcioCertificateChecker(root, policy) : null;
    List<VerificationKey> bundleKeys =
        keyless != null
            ? List.of(new VerificationKey.Keyless(keyless))
            : publicKeys.stream().<VerificationKey>map(VerificationKey.Managed::new).toList();
    return new Resolved(
        publicKeys, policy, keyless, root, !insecureIgnoreTlog, bundleVerifier, bundleKeys);
  }
}
