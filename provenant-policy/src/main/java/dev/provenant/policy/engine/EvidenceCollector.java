package dev.provenant.policy.engine;

import dev.provenant.core.bundle.BundleVerifier;
import dev.provenant.core.bundle.CertificateChecker;
import dev.provenant.core.bundle.VerificationKey;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import dev.provenant.core.signature.ImageSignatureStatement;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.oci.image.ImageAccessException;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.signature.AttestationVerifier;
import dev.provenant.oci.signature.BundleAttachments;
import dev.provenant.oci.signature.BundleSignatureVerifier;
import dev.provenant.oci.signature.CosignTags;
import dev.provenant.oci.signature.LegacyAttestations;
import dev.provenant.oci.signature.LegacySignature;
import dev.provenant.oci.signature.LegacySignatures;
import dev.provenant.oci.signature.LegacyVerifier;
import dev.provenant.oci.signature.StoredBundle;
import dev.provenant.oci.signature.TransparencyLogPolicy;
import dev.provenant.oci.signature.VerifiedAttestation;
import dev.provenant.policy.Authorities;
import dev.provenant.policy.ImagePolicy;
import dev.provenant.policy.KeyAuthority;
import dev.provenant.policy.KeylessAuthority;
import dev.provenant.policy.evaluation.ImageEvidence;
import dev.provenant.sigstore.CertificatePolicy;
import dev.provenant.sigstore.FulcioCertificateChecker;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Gathers an image's signatures and attestations from its registry and verifies each against every
 * authority of a policy. The registry is read once per image (the {@code .sig} and {@code .att}
 * manifests, their payloads, and the bundle referrers); the authorities are then tried locally, so
 * k-of-n costs no more requests than one key.
 */
final class EvidenceCollector {
  private final RegistryClients registries;
  private final TrustedRoot trustedRoot;
  private final Clock clock;

  EvidenceCollector(RegistryClients registries, TrustedRoot trustedRoot, Clock clock) {
    this.registries = registries;
    this.trustedRoot = trustedRoot;
    this.clock = clock;
  }

  ImageEvidence collect(ImagePolicy policy, ImageReference pinned) {
    if (policy.authorities() == null) {
      return new ImageEvidence(pinned, Map.of(), Map.of(), null);
    }
    try {
      return collect(policy.authorities(), pinned, needsAttestations(policy));
    } catch (ImageAccessException e) {
      return ImageEvidence.failed(pinned, "the registry could not be read: " + e.getMessage());
    } catch (InvalidReferenceException e) {
      return ImageEvidence.failed(pinned, e.getMessage());
    }
  }

  private static boolean needsAttestations(ImagePolicy policy) {
    return !policy.attestations().isEmpty() || !policy.provenance().isEmpty();
  }

  private ImageEvidence collect(
      Authorities authorities, ImageReference pinned, boolean attestations)
      throws ImageAccessException, InvalidReferenceException {
    RegistryClient client = registries.forRegistry(pinned.registry());
    Digest digest = pinned.digest();
    ImageReference signatureTag = CosignTags.signatureReference(pinned, digest, null);
    ImageReference attestationTag = CosignTags.attestationReference(pinned, digest, null);
    boolean requireLog = authorities.requireTransparencyLog();
    TransparencyLogPolicy logPolicy = new TransparencyLogPolicy(trustedRoot, requireLog);
    BundleVerifier bundles =
        requireLog
            ? new BundleVerifier(trustedRoot, clock)
            : new BundleVerifier(trustedRoot, clock).ignoringMissingTransparencyLog();
    List<Authority> all = authorities(authorities);

    // The three places evidence lives are independent: each is read and verified on its own
    // thread, so that a decision waits for the slowest chain of requests and checks, not for all
    // of them in turn (a signature is checked while the bundle referrers are still being read).
    Found legacySignatures;
    Found bundleEvidence;
    Found legacyAttestations;
    try (ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Found> bundleRead =
          reads.submit(
              () ->
                  bundleEvidence(
                      all,
                      BundleAttachments.list(client, pinned.repository(), digest),
                      digest,
                      bundles,
                      attestations));
      Future<Found> attestationRead =
          attestations
              ? reads.submit(
                  () ->
                      legacyAttestations(
                          all, LegacyAttestations.read(client, attestationTag), digest, requireLog))
              : CompletableFuture.completedFuture(Found.NONE);
      legacySignatures =
          legacySignatures(
              all, LegacySignatures.read(client, signatureTag, pinned), digest, logPolicy);
      bundleEvidence = result(bundleRead);
      legacyAttestations = result(attestationRead);
    }
    Map<String, List<SignatureVerdict>> signatures = new LinkedHashMap<>();
    Map<String, List<VerifiedAttestation>> verifiedAttestations = new LinkedHashMap<>();
    for (Authority authority : all) {
      List<SignatureVerdict> verdicts =
          new ArrayList<>(legacySignatures.signatures().get(authority.name()));
      verdicts.addAll(bundleEvidence.signatures().get(authority.name()));
      signatures.put(authority.name(), verdicts);
      if (attestations) {
        List<VerifiedAttestation> found =
            new ArrayList<>(legacyAttestations.attestations().get(authority.name()));
        found.addAll(bundleEvidence.attestations().get(authority.name()));
        verifiedAttestations.put(authority.name(), found);
      }
    }
    return new ImageEvidence(pinned, signatures, verifiedAttestations, null);
  }

  /** What one place of evidence gave, by authority name. */
  private record Found(
      Map<String, List<SignatureVerdict>> signatures,
      Map<String, List<VerifiedAttestation>> attestations) {
    static final Found NONE = new Found(Map.of(), Map.of());
  }

  private List<Authority> authorities(Authorities authorities) {
    List<Authority> all = new ArrayList<>();
    for (KeyAuthority authority : authorities.keys()) {
      all.add(
          new Authority(
              authority.name(),
              List.of(authority.key()),
              null,
              new VerificationKey.Managed(authority.key())));
    }
    for (KeylessAuthority authority : authorities.keyless()) {
      CertificateChecker checker =
          new FulcioCertificateChecker(trustedRoot, certificatePolicy(authority));
      all.add(
          new Authority(
              authority.name(), List.of(), checker, new VerificationKey.Keyless(checker)));
    }
    return all;
  }

  /** The {@code .sig} layers' verdicts for each authority. */
  private static Found legacySignatures(
      List<Authority> all,
      List<LegacySignature> layers,
      Digest digest,
      TransparencyLogPolicy logPolicy) {
    Map<String, List<SignatureVerdict>> signatures = new LinkedHashMap<>();
    for (Authority authority : all) {
      signatures.put(
          authority.name(),
          authority.checker() == null
              ? LegacyVerifier.verdicts(layers, digest, authority.keys(), logPolicy)
              : LegacyVerifier.keylessVerdicts(layers, digest, authority.checker(), logPolicy));
    }
    return new Found(signatures, Map.of());
  }

  /** The {@code .att} layers' verified attestations for each authority. */
  private Found legacyAttestations(
      List<Authority> all, List<LegacySignature> layers, Digest digest, boolean requireLog) {
    Map<String, List<VerifiedAttestation>> attestations = new LinkedHashMap<>();
    for (Authority authority : all) {
      attestations.put(
          authority.name(),
          AttestationVerifier.verifyLegacy(
              layers,
              digest,
              authority.keys(),
              authority.checker(),
              trustedRoot,
              requireLog,
              null));
    }
    return new Found(Map.of(), attestations);
  }

  /**
   * The referring bundles' signature verdicts for each authority, and their attestations when the
   * policy reads any. A bundle without a predicate type annotation may be a signature.
   */
  private static Found bundleEvidence(
      List<Authority> all,
      List<StoredBundle> bundles,
      Digest digest,
      BundleVerifier verifier,
      boolean attestations) {
    List<StoredBundle> signatureBundles = new ArrayList<>();
    for (StoredBundle bundle : bundles) {
      String type = bundle.annotations().get(BundleAttachments.PREDICATE_TYPE_ANNOTATION);
      if (type == null || type.equals(ImageSignatureStatement.PREDICATE_TYPE)) {
        signatureBundles.add(bundle);
      }
    }
    Map<String, List<SignatureVerdict>> signatures = new LinkedHashMap<>();
    Map<String, List<VerifiedAttestation>> verified = new LinkedHashMap<>();
    for (Authority authority : all) {
      List<VerificationKey> key = List.of(authority.bundleKey());
      signatures.put(
          authority.name(),
          BundleSignatureVerifier.verify(
              signatureBundles, digest, verifier, key, ImageSignatureStatement.PREDICATE_TYPE));
      if (attestations) {
        verified.put(
            authority.name(),
            AttestationVerifier.verifyBundles(bundles, digest, verifier, key, null));
      }
    }
    return new Found(signatures, verified);
  }

  /**
   * One authority as the verifiers take it: keys (empty for keyless), the certificate checker (null
   * for a key), and the key bundles are checked against.
   */
  private record Authority(
      String name, List<PublicKey> keys, CertificateChecker checker, VerificationKey bundleKey) {}

  /** The value of a read, or the registry failure it ended with. */
  private static <T> T result(Future<T> read) throws ImageAccessException {
    try {
      return read.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ImageAccessException failure) {
        throw failure;
      }
      if (e.getCause() instanceof RuntimeException unexpected) {
        throw unexpected;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageAccessException(
          ImageAccessException.Failure.UNREACHABLE, "interrupted while reading evidence");
    }
  }

  /** The certificate constraints of a keyless authority, as {@code verify}'s identity flags. */
  static CertificatePolicy certificatePolicy(KeylessAuthority authority) {
    Map<String, String> extensions = authority.extensions();
    return CertificatePolicy.builder()
        .identity(
            authority.subject() != null
                ? CertificatePolicy.Matcher.exact(authority.subject())
                : CertificatePolicy.Matcher.regex(authority.subjectRegExp()))
        .issuer(
            authority.issuer() != null
                ? CertificatePolicy.Matcher.exact(authority.issuer())
                : CertificatePolicy.Matcher.regex(authority.issuerRegExp()))
        .githubWorkflowRepository(extensions.get("githubWorkflowRepository"))
        .githubWorkflowRef(extensions.get("githubWorkflowRef"))
        .githubWorkflowName(extensions.get("githubWorkflowName"))
        .githubWorkflowTrigger(extensions.get("githubWorkflowTrigger"))
        .githubWorkflowSha(extensions.get("githubWorkflowSha"))
        .runnerEnvironment(extensions.get("runnerEnvironment"))
        .build();
  }
}
