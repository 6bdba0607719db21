package dev.provenant.oci.signature;

import dev.provenant.core.bundle.Bundle;
import dev.provenant.core.bundle.BundleParseException;
import dev.provenant.core.bundle.BundleParser;
import dev.provenant.core.bundle.BundleVerifier;
import dev.provenant.core.bundle.VerificationKey;
import dev.provenant.core.digest.Digest;
import dev.provenant.core.dsse.InTotoStatement;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the Sigstore bundles stored with an image: each must be a DSSE statement about the image's
 * digest with the expected predicate type, signed by one of the given keys or identities. Every
 * bundle is read once and checked against every key locally, so N bundles and M keys cost N
 * fetches, not N×M.
 */
public final class BundleSignatureVerifier {
  private BundleSignatureVerifier() {}

  /**
   * One verdict per bundle: the first key that accepts it, else the verdict of the first key.
   *
   * @param predicateType {@link
   *     dev.provenant.core.signature.ImageSignatureStatement#PREDICATE_TYPE} for signatures, an
   *     attestation's type for attestations, or null to accept any predicate type (the verdict's
   *     {@code predicate-type} check still names the one found)
   */
  public static List<SignatureVerdict> verify(
      List<StoredBundle> bundles,
      Digest image,
      BundleVerifier verifier,
      List<VerificationKey> keys,
      String predicateType) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("give at least one key or identity to verify with");
    }
    List<SignatureVerdict> verdicts = new ArrayList<>();
    for (StoredBundle stored : bundles) {
      if (stored.problem() != null) {
        verdicts.add(
            new SignatureVerdict(
                stored.source(),
                Signer.unknown(),
                List.of(Check.fail("referrer", stored.problem()))));
        continue;
      }
      Bundle bundle;
      try {
        bundle = BundleParser.parse(stored.bundleJson());
      } catch (BundleParseException e) {
        verdicts.add(
            new SignatureVerdict(
                stored.source(),
                Signer.unknown(),
                List.of(Check.fail("bundle-format", e.getMessage()))));
        continue;
      }
      Check predicate = predicateCheck(bundle, predicateType);
      SignatureVerdict chosen = null;
      for (VerificationKey key : keys) {
        SignatureVerdict verdict =
            verifier.verifyStatementAbout(bundle, stored.source(), image, key);
        List<Check> checks = new ArrayList<>(verdict.checks());
        checks.add(predicate);
        SignatureVerdict withPredicate =
            new SignatureVerdict(verdict.source(), verdict.signer(), checks, verdict.signedAt());
        if (withPredicate.accepted()) {
          chosen = withPredicate;
          break;
        }
        if (chosen == null) {
          chosen = withPredicate;
        }
      }
      verdicts.add(chosen);
    }
    return verdicts;
  }

  private static Check predicateCheck(Bundle bundle, String expected) {
    if (bundle.dsse().isEmpty()) {
      return Check.fail("predicate-type", "the bundle holds no in-toto statement");
    }
    try {
      String found = InTotoStatement.parse(bundle.dsse().get().payload()).predicateType();
      if (found.isEmpty()) {
        return Check.fail("predicate-type", "the statement has no predicateType");
      }
      return expected == null || expected.equals(found)
          ? Check.pass("predicate-type", "predicate type " + found)
          : Check.fail("predicate-type", "predicate type is " + found + ", expected " + expected);
    } catch (RuntimeException e) {
      return Check.fail("predicate-type", "the statement does not parse: " + e.getMessage());
    }
  }
}
