package dev.provenant.core.bundle;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.Envelope;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.core.keys.PublicKeys;
import dev.provenant.core.keys.SignatureVerifier;
import dev.provenant.core.timestamp.Rfc3161Verifier;
import dev.provenant.core.timestamp.TimestampException;
import dev.provenant.core.tlog.Checkpoint;
import dev.provenant.core.tlog.MerkleInclusion;
import dev.provenant.core.tlog.SignedEntryTimestamp;
import dev.provenant.core.trust.TransparencyLog;
import dev.provenant.core.trust.TrustedRoot;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.core.verification.SigningTimes;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a Sigstore bundle against an artifact, offline, with a {@link TrustedRoot}: the
 * signature (over the artifact, or over the DSSE PAE with the artifact a subject of the in-toto
 * statement), every transparency log entry (its body records this signature; its SET; its Merkle
 * inclusion proof and signed checkpoint), every RFC 3161 timestamp, and that each verified signing
 * time lies within the signing certificate's validity. What makes a certificate trusted is the
 * {@link CertificateChecker}'s job; a managed key is simply compared.
 *
 * <p>Every step is one {@link Check} of the returned {@link SignatureVerdict}: a rejected bundle
 * says which step failed and why. It never throws for hostile input.
 *
 * @see <a href="https://docs.sigstore.dev/about/bundle/">Sigstore bundle format</a>
 * @see <a href="https://github.com/sigstore/architecture-docs/blob/main/client-spec.md">Sigstore
 *     client specification, verification</a>
 */
public final class BundleVerifier {
  private final TrustedRoot trustedRoot;
  private final Clock clock;
  private final boolean requireTransparencyLog;

  public BundleVerifier(TrustedRoot trustedRoot, Clock clock) {
    this(trustedRoot, clock, true);
  }

  private BundleVerifier(TrustedRoot trustedRoot, Clock clock, boolean requireTransparencyLog) {
    this.trustedRoot = Objects.requireNonNull(trustedRoot, "trustedRoot");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.requireTransparencyLog = requireTransparencyLog;
  }

  /**
   * A verifier that accepts a managed-key signature with no transparency log entry and no
   * timestamp, as cosign's {@code --insecure-ignore-tlog} does: the signature still has to verify,
   * but nothing proves when it was made or that it was made public. Certificates (keyless) still
   * need a verified signing time, since a certificate is only valid for minutes: a keyless bundle
   * with an RFC 3161 timestamp and no log entry is accepted, one with neither is not.
   */
  public BundleVerifier ignoringMissingTransparencyLog() {
    return new BundleVerifier(trustedRoot, clock, false);
  }

  /**
   * Verifies a DSSE bundle whose in-toto statement must name {@code subject}, such as an image
   * signature or attestation stored with the image, where the subject is a manifest digest and
   * there are no artifact bytes to hand. A message-signature bundle is rejected: it signs bytes.
   */
  public SignatureVerdict verifyStatementAbout(
      Bundle bundle, String source, Digest subject, VerificationKey key) {
    return verify(bundle, source, null, subject, key);
  }

  /**
   * Parses and verifies a bundle; a bundle that does not parse is rejected with the parse error as
   * its reason.
   *
   * @param source where the bundle came from, for the verdict
   */
  public SignatureVerdict verify(
      byte[] bundleJson, String source, byte[] artifact, VerificationKey key) {
    Bundle bundle;
    try {
      bundle = BundleParser.parse(bundleJson);
    } catch (BundleParseException e) {
      return new SignatureVerdict(
          source, Signer.unknown(), List.of(Check.fail("bundle-format", e.getMessage())));
    }
    return verify(bundle, source, artifact, key);
  }

  /** Verifies a parsed bundle over {@code artifact}. */
  public SignatureVerdict verify(
      Bundle bundle, String source, byte[] artifact, VerificationKey key) {
    return verify(bundle, source, artifact, Digest.sha256(artifact), key);
  }

  private SignatureVerdict verify(
      Bundle bundle, String source, byte[] artifact, Digest artifactDigest, VerificationKey key) {
    List<Check> checks = new ArrayList<>();
    checks.add(Check.pass("bundle-format", "Sigstore bundle " + bundle.mediaType()));
    Signer signer;
    PublicKey signingKey;
    byte[] keyDer;
    X509Certificate leaf = null;
    switch (key) {
      case VerificationKey.Managed managed -> {
        signer = Signer.key(PublicKeys.fingerprint(managed.publicKey()));
        signingKey = managed.publicKey();
        keyDer = managed.publicKey().getEncoded();
        if (bundle.signingMaterial() instanceof SigningMaterial.CertificateChain chain) {
          leaf = chain.leaf();
          keyDer = der(leaf);
          if (!MessageDigest.isEqual(
              leaf.getPublicKey().getEncoded(), managed.publicKey().getEncoded())) {
            checks.add(
                Check.fail(
                    "signing-key",
                    "the bundle's certificate holds another key than " + signer.identity()));
            return new SignatureVerdict(source, signer, checks);
          }
        }
        checks.add(Check.pass("signing-key", "managed key " + signer.identity()));
      }
      case VerificationKey.Keyless keyless -> {
        if (!(bundle.signingMaterial() instanceof SigningMaterial.CertificateChain chain)) {
          String hint = ((SigningMaterial.PublicKeyHint) bundle.signingMaterial()).hint();
          checks.add(
              Check.fail(
                  "signing-key",
                  "the bundle is signed with a managed key"
                      + (hint.isEmpty() ? "" : " (hint " + hint + ")")
                      + ", not a certificate: verify it with --key"));
          return new SignatureVerdict(source, Signer.unknown(), checks);
        }
        leaf = chain.leaf();
        CertificateChecker.Result result = keyless.checker().check(chain.certificates());
        signer = result.signer();
        checks.addAll(result.checks());
        signingKey = leaf.getPublicKey();
        keyDer = der(leaf);
      }
    }

    checkSignature(bundle, artifact, artifactDigest, signingKey, checks);

    List<Instant> verifiedTimes = new ArrayList<>();
    List<Instant> timestampTimes = new ArrayList<>();
    // The verdict's signedAt: only times whose evidence verified in full for this signature.
    Instant signedAt = null;
    for (byte[] token : bundle.rfc3161Timestamps()) {
      try {
        Rfc3161Verifier.VerifiedTimestamp verified =
            Rfc3161Verifier.verify(
                token, bundle.signatureBytes(), trustedRoot.timestampAuthorities());
        verifiedTimes.add(verified.time());
        timestampTimes.add(verified.time());
        signedAt = SigningTimes.earliest(signedAt, verified.time());
        checks.add(
            Check.pass(
                "timestamp",
                "RFC 3161 timestamp " + verified.time() + " by " + verified.authority().subject()));
      } catch (TimestampException e) {
        checks.add(Check.fail("timestamp", "RFC 3161 timestamp: " + e.getMessage()));
      }
    }

    boolean unlogged = bundle.tlogEntries().isEmpty() && bundle.rfc3161Timestamps().isEmpty();
    if (bundle.tlogEntries().isEmpty()) {
      // A certificate without a log entry is accepted only with the flag and, below, a timestamp
      // inside its validity: what cosign's --insecure-ignore-tlog accepts too.
      if (requireTransparencyLog) {
        checks.add(Check.fail(Check.TRANSPARENCY_LOG, "the bundle has no transparency log entry"));
      } else {
        checks.add(
            Check.pass(
                Check.TRANSPARENCY_LOG,
                "no transparency log entry; accepted because --insecure-ignore-tlog was given"));
      }
    }
    for (TlogEntry entry : bundle.tlogEntries()) {
      signedAt =
          SigningTimes.earliest(
              signedAt,
              checkEntry(bundle, entry, artifact, keyDer, timestampTimes, verifiedTimes, checks));
    }

    if (verifiedTimes.isEmpty() && unlogged && !requireTransparencyLog && leaf == null) {
      checks.add(
          Check.pass(
              "signing-time", "not known: a managed key signed without a log entry or timestamp"));
    } else if (verifiedTimes.isEmpty()) {
      checks.add(
          Check.fail(
              "signing-time",
              "no verified signing time: the bundle needs a transparency log SET (Rekor v1) or an"
                  + " RFC 3161 timestamp (required with Rekor v2)"));
    } else if (leaf != null) {
      for (Instant time : verifiedTimes) {
        if (time.isBefore(leaf.getNotBefore().toInstant())
            || time.isAfter(leaf.getNotAfter().toInstant())) {
          checks.add(
              Check.fail(
                  "signing-time",
                  "signing time "
                      + time
                      + " is outside the certificate's validity "
                      + leaf.getNotBefore().toInstant()
                      + " to "
                      + leaf.getNotAfter().toInstant()));
        } else {
          checks.add(
              Check.pass(
                  "signing-time", "signed at " + time + ", within the certificate's validity"));
        }
      }
    } else {
      checks.add(Check.pass("signing-time", "signed at " + verifiedTimes.getFirst()));
    }
    return new SignatureVerdict(source, signer, checks, signedAt);
  }

  private static void checkSignature(
      Bundle bundle,
      byte[] artifact,
      Digest artifactDigest,
      PublicKey signingKey,
      List<Check> checks) {
    if (bundle.message().isPresent()) {
      MessageSignature message = bundle.message().get();
      if (artifact == null) {
        checks.add(
            Check.fail(
                "signature",
                "the bundle holds a message signature over bytes, but "
                    + artifactDigest
                    + " is a manifest digest: a signature stored with an image must be a DSSE"
                    + " statement naming it"));
        return;
      }
      checks.add(
          SignatureVerifier.verify(signingKey, artifact, message.signature())
              ? Check.pass("signature", "the signature over the artifact verifies")
              : Check.fail("signature", "the signature does not verify over the artifact"));
      if (message.messageDigest() != null) {
        checks.add(
            message.messageDigest().equals(artifactDigest)
                ? Check.pass("artifact-digest", "the bundle names " + artifactDigest)
                : Check.fail(
                    "artifact-digest",
                    "the bundle names "
                        + message.messageDigest()
                        + ", the artifact is "
                        + artifactDigest));
      }
      return;
    }
    Envelope envelope = bundle.dsse().orElseThrow();
    checks.add(
        SignatureVerifier.verify(signingKey, envelope.pae(), envelope.signatures().getFirst().sig())
            ? Check.pass("signature", "the DSSE signature verifies")
            : Check.fail("signature", "the DSSE signature does not verify"));
    if (!InTotoStatement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
      checks.add(
          Check.fail(
              "artifact-digest",
              "the DSSE payload type is "
                  + envelope.payloadType()
                  + ", not an in-toto statement naming the artifact"));
      return;
    }
    try {
      InTotoStatement statement = InTotoStatement.parse(envelope.payload());
      checks.add(
          statement.hasSubject(artifactDigest)
              ? Check.pass("artifact-digest", "the in-toto statement names " + artifactDigest)
              : Check.fail(
                  "artifact-digest",
                  "the in-toto statement names "
                      + named(statement)
                      + ", not the artifact "
                      + artifactDigest));
    } catch (IllegalArgumentException e) {
      checks.add(Check.fail("artifact-digest", e.getMessage()));
    }
  }

  /** The subject digests a statement names, for a message: {@code sha256:ab…, sha512:cd…}. */
  private static String named(InTotoStatement statement) {
    String named =
        statement.subjects().stream()
            .flatMap(s -> s.digests().entrySet().stream())
            .map(e -> e.getKey() + ":" + e.getValue())
            .collect(java.util.stream.Collectors.joining(", "));
    return named.isEmpty() ? "no digest" : named;
  }

  /**
   * Checks one log entry.
   *
   * @return its integration time when the entry records this signature and its SET verified, so
   *     that the time proves when the signature existed; else null
   */
  private Instant checkEntry(
      Bundle bundle,
      TlogEntry entry,
      byte[] artifact,
      byte[] keyDer,
      List<Instant> timestampTimes,
      List<Instant> verifiedTimes,
      List<Check> checks) {
    String name = "log entry " + entry.logIndex();
    TransparencyLog log = trustedRoot.tlog(entry.logId()).orElse(null);
    if (log == null) {
      checks.add(
          Check.fail(
              Check.TRANSPARENCY_LOG,
              name
                  + " is from log "
                  + Base64.getEncoder().encodeToString(entry.logId())
                  + ", which the trusted root does not trust (a bundle from another Sigstore"
                  + " instance?)"));
      return null;
    }
    String mismatch = RekorEntryBody.mismatch(entry, bundle, artifact, keyDer);
    checks.add(
        mismatch == null
            ? Check.pass(
                "tlog-entry",
                name + " (" + entry.kind() + " " + entry.version() + ") records this signature")
            : Check.fail("tlog-entry", name + ": " + mismatch));

    Instant provenTime = null;
    if (entry.set().isPresent()) {
      if (entry.integratedTime() == 0) {
        checks.add(
            Check.fail("signed-entry-timestamp", name + " has a SET but no integrated time"));
      } else if (!SignedEntryTimestamp.verify(
          log.publicKey(),
          entry.set().get(),
          entry.canonicalizedBody(),
          entry.integratedTime(),
          entry.logId(),
          entry.logIndex())) {
        checks.add(
            Check.fail(
                "signed-entry-timestamp",
                name + ": the SET does not verify with the key of " + log.baseUrl()));
      } else {
        Instant integrated = Instant.ofEpochSecond(entry.integratedTime());
        checks.add(
            Check.pass(
                "signed-entry-timestamp",
                name + " integrated at " + integrated + ", promised by " + log.baseUrl()));
        boolean plausible = checkIntegratedTime(name, integrated, log, checks);
        verifiedTimes.add(integrated);
        if (plausible && mismatch == null) {
          provenTime = integrated;
        }
      }
    } else if (!bundle.mediaType().requiresInclusionProof()) {
      checks.add(
          Check.fail(
              "signed-entry-timestamp",
              name + " has no SET (inclusionPromise), which a v0.1 bundle requires"));
    }

    if (entry.proof().isEmpty()) {
      if (bundle.mediaType().requiresInclusionProof() || entry.set().isEmpty()) {
        checks.add(
            Check.fail(
                "inclusion-proof",
                name
                    + " has no inclusion proof, which a "
                    + bundle.mediaType()
                    + " bundle requires"));
      }
    } else {
      checkProof(name, entry, log, bundle.mediaType().requiresInclusionProof(), checks);
    }

    if (entry.integratedTime() == 0) {
      // Rekor v2 has no integrated time: the log key must have been valid at the timestamps.
      for (Instant time : timestampTimes) {
        if (!log.validFor().contains(time)) {
          checks.add(
              Check.fail(
                  "tlog-key-validity",
                  "the key of "
                      + log.baseUrl()
                      + " is trusted "
                      + log.validFor()
                      + ", not at the timestamp "
                      + time));
        }
      }
    }
    return provenTime;
  }

  /** Whether the integration time is neither in the future nor outside the log key's validity. */
  private boolean checkIntegratedTime(
      String name, Instant integrated, TransparencyLog log, List<Check> checks) {
    Instant now = clock.instant();
    boolean plausible = true;
    if (integrated.isAfter(now)) {
      plausible = false;
      checks.add(
          Check.fail(
              "integrated-time",
              name + " claims integration at " + integrated + ", in the future"));
    }
    if (!log.validFor().contains(integrated)) {
      plausible = false;
      checks.add(
          Check.fail(
              "tlog-key-validity",
              name
                  + " was integrated at "
                  + integrated
                  + ", outside the period "
                  + log.validFor()
                  + " the trusted root trusts the key of "
                  + log.baseUrl()));
    }
    return plausible;
  }

  private static void checkProof(
      String name,
      TlogEntry entry,
      TransparencyLog log,
      boolean checkpointRequired,
      List<Check> checks) {
    InclusionProof proof = entry.inclusionProof();
    byte[] leafHash = MerkleInclusion.leafHash(entry.canonicalizedBody());
    boolean included;
    String problem = "";
    try {
      included =
          MessageDigest.isEqual(
              MerkleInclusion.rootFromProof(
                  proof.logIndex(), proof.treeSize(), leafHash, proof.hashes()),
              proof.rootHash());
    } catch (IllegalArgumentException e) {
      included = false;
      problem = ": " + e.getMessage();
    }
    checks.add(
        included
            ? Check.pass(
                "inclusion-proof", name + " is included in the tree of size " + proof.treeSize())
            : Check.fail(
                "inclusion-proof",
                name + ": the inclusion proof does not lead to the root hash" + problem));
    if (proof.checkpoint() == null) {
      if (checkpointRequired) {
        checks.add(Check.fail("checkpoint", name + ": the inclusion proof has no checkpoint"));
      }
      return;
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(proof.checkpoint());
    } catch (IllegalArgumentException e) {
      checks.add(Check.fail("checkpoint", name + ": " + e.getMessage()));
      return;
    }
    if (checkpoint.treeSize() != proof.treeSize()
        || !MessageDigest.isEqual(checkpoint.rootHash(), proof.rootHash())) {
      checks.add(
          Check.fail(
              "checkpoint",
              name
                  + ": the checkpoint is for another tree (size "
                  + checkpoint.treeSize()
                  + ") than the inclusion proof (size "
                  + proof.treeSize()
                  + ")"
                  + (checkpoint.treeSize() == proof.treeSize() ? " or another root hash" : "")));
      return;
    }
    checks.add(
        checkpoint.signedBy(log.host(), log.logId(), log.publicKey())
            ? Check.pass("checkpoint", name + ": checkpoint signed by " + log.host())
            : Check.fail(
                "checkpoint",
                name + ": no signature of " + log.host() + " on the checkpoint verifies"));
  }

  private static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate always re-encodes", e);
    }
  }
}
