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
    List<LegacySignature> signatureLayers;
    List<StoredBundle> bundles;
    List<LegacySignature> attestationLayers;
    // The three places evidence lives are independent: read them at once, so that a decision
    // waits for the slowest chain of requests rather than for all of them in turn.
    try (ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<List<LegacySignature>> signatureRead =
          reads.submit(() -> LegacySignatures.read(client, signatureTag, pinned));
      Future<List<StoredBundle>> bundleRead =
          reads.submit(() -> BundleAttachments.list(client, pinned.repository(), digest));
      Future<List<LegacySignature>> attestationRead =
          attestations
              ? reads.submit(() -> LegacyAttestations.read(client, attestationTag))
              : CompletableFuture.completedFuture(List.of());
      signatureLayers = result(signatureRead);
      bundles = result(bundleRead);
      attestationLayers = result(attestationRead);
    }
    List<StoredBundle> signatureBundles = new ArrayList<>();
    for (StoredBundle bundle : bundles) {
      String type = bundle.annotations().get(BundleAttachments.PREDICATE_TYPE_ANNOTATION);
      if (type == null || type.equals(ImageSignatureStatement.PREDICATE_TYPE)) {
        signatureBundles.add(bundle);
      }
    }

    boolean requireLog = authorities.requireTransparencyLog();
    TransparencyLogPolicy logPolicy = new TransparencyLogPolicy(trustedRoot, requireLog);
    BundleVerifier bundleVerifier = new BundleVerifier(trustedRoot, clock);
    if (!requireLog) {
      bundleVerifier = bundleVerifier.ignoringMissingTransparencyLog();
    }

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
    Map<String, List<SignatureVerdict>> signatures = new LinkedHashMap<>();
    Map<String, List<VerifiedAttestation>> verifiedAttestations = new LinkedHashMap<>();
    for (Authority authority : all) {
      List<VerificationKey> bundleKey = List.of(authority.bundleKey());
      List<SignatureVerdict> verdicts =
          new ArrayList<>(
              authority.checker() == null
                  ? LegacyVerifier.verdicts(signatureLayers, digest, authority.keys(), logPolicy)
                  : LegacyVerifier.keylessVerdicts(
                      signatureLayers, digest, authority.checker(), logPolicy));
      verdicts.addAll(
          BundleSignatureVerifier.verify(
              signatureBundles,
              digest,
              bundleVerifier,
              bundleKey,
              ImageSignatureStatement.PREDICATE_TYPE));
      signatures.put(authority.name(), verdicts);
      if (attestations) {
        List<VerifiedAttestation> found =
            new ArrayList<>(
                AttestationVerifier.verifyLegacy(
                    attestationLayers,
                    digest,
                    authority.keys(),
                    authority.checker(),
                    trustedRoot,
                    requireLog,
                    null));
        found.addAll(
            AttestationVerifier.verifyBundles(bundles, digest, bundleVerifier, bundleKey, null));
        verifiedAttestations.put(authority.name(), found);
      }
    }
    return new ImageEvidence(pinned, signatures, verifiedAttestations, null);
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
