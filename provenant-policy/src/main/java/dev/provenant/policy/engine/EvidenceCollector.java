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
 *
 * <p>Every place is read, even when the {@code .sig} signatures alone already meet the policy: a
 * place that cannot be read (an unreachable or refusing registry, a referrers fallback tag that
 * holds something else) denies the image whatever the others hold, so that the same registry always
 * gets the same answer. Reading the {@code .sig} tag first and the referrers only when needed would
 * save a request per decision, but an error in the unread place would then admit the image after
 * one decision and deny it after another ({@code docs/benchmarks.md}).
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
    try (Reading reading = new Reading(policy.authorities(), pinned)) {
      return reading.read(needsAttestations(policy));
    } catch (ImageAccessException e) {
      return ImageEvidence.failed(pinned, "the registry could not be read: " + e.getMessage());
    } catch (InvalidReferenceException e) {
      return ImageEvidence.failed(pinned, e.getMessage());
    }
  }

  private static boolean needsAttestations(ImagePolicy policy) {
    return !policy.attestations().isEmpty() || !policy.provenance().isEmpty();
  }

  /** The reads and checks of one image's evidence under one policy's authorities. */
  private final class Reading implements AutoCloseable {
    private final RegistryClients.Lease lease;
    private final RegistryClient client;
    private final ImageReference pinned;
    private final Digest digest;
    private final List<Authority> all;
    private final boolean requireLog;
    private final TransparencyLogPolicy logPolicy;
    private final BundleVerifier bundleVerifier;

    Reading(Authorities authorities, ImageReference pinned) {
      this.pinned = pinned;
      this.digest = pinned.digest();
      this.all = authorities(authorities);
      this.requireLog = authorities.requireTransparencyLog();
      this.logPolicy = new TransparencyLogPolicy(trustedRoot, requireLog);
      this.bundleVerifier =
          requireLog
              ? new BundleVerifier(trustedRoot, clock)
              : new BundleVerifier(trustedRoot, clock).ignoringMissingTransparencyLog();
      // Last: nothing after it may throw, or the lease would never be released.
      this.lease = registries.lease(pinned.registry());
      this.client = lease.client();
    }

    /**
     * Every place at once, each read and verified on its own thread (the {@code .sig} layers on
     * this one): a signature is checked while the bundle referrers are still being read.
     */
    ImageEvidence read(boolean attestations)
        throws ImageAccessException, InvalidReferenceException {
      ImageReference attestationTag = CosignTags.attestationReference(pinned, digest, null);
      try (ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<Found> bundleRead = reads.submit(() -> bundles(attestations));
        Future<Found> attestationRead =
            attestations
                ? reads.submit(
                    () -> legacyAttestations(LegacyAttestations.read(client, attestationTag)))
                : CompletableFuture.completedFuture(Found.NONE);
        Found signatures = signatureTag();
        return merge(signatures, result(bundleRead), result(attestationRead));
      }
    }

    /** The {@code .sig} layers' verdicts for each authority. */
    Found signatureTag() throws ImageAccessException, InvalidReferenceException {
      ImageReference tag = CosignTags.signatureReference(pinned, digest, null);
      List<LegacySignature> layers = LegacySignatures.read(client, tag, pinned);
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
    private Found legacyAttestations(List<LegacySignature> layers) {
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
    Found bundles(boolean attestations) throws ImageAccessException {
      List<StoredBundle> bundles = BundleAttachments.list(client, pinned.repository(), digest);
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
                signatureBundles,
                digest,
                bundleVerifier,
                key,
                ImageSignatureStatement.PREDICATE_TYPE));
        if (attestations) {
          verified.put(
              authority.name(),
              AttestationVerifier.verifyBundles(bundles, digest, bundleVerifier, key, null));
        }
      }
      return new Found(signatures, verified);
    }

    @Override
    public void close() {
      lease.close();
    }

    /** The evidence of each authority, in the order the places are given. */
    ImageEvidence merge(Found... places) {
      Map<String, List<SignatureVerdict>> signatures = new LinkedHashMap<>();
      Map<String, List<VerifiedAttestation>> attestations = new LinkedHashMap<>();
      for (Authority authority : all) {
        List<SignatureVerdict> verdicts = new ArrayList<>();
        List<VerifiedAttestation> verified = new ArrayList<>();
        boolean anyAttestations = false;
        for (Found place : places) {
          verdicts.addAll(place.signatures().getOrDefault(authority.name(), List.of()));
          List<VerifiedAttestation> found = place.attestations().get(authority.name());
          if (found != null) {
            anyAttestations = true;
            verified.addAll(found);
          }
        }
        signatures.put(authority.name(), verdicts);
        if (anyAttestations) {
          attestations.put(authority.name(), verified);
        }
      }
      return new ImageEvidence(pinned, signatures, attestations, null);
    }
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
