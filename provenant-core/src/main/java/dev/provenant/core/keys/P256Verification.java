package dev.provenant.core.keys;

import dev.provenant.core.digest.DigestAlgorithm;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA P-256 with SHA-256, the signature of cosign's default keys and of Fulcio certificates,
 * checked with Bouncy Castle's P-256 arithmetic and a table of multiples of each public key kept
 * between checks.
 *
 * <p>Why not the JDK's: its verification multiplies the public key from scratch every time, which
 * cost 0.33–0.51 ms in {@code bench/webhook.sh}'s floor line; a key checked again (a policy's key,
 * a Fulcio or Rekor key) costs 0.07–0.08 ms here. It was a quarter of the webhook's CPU in an
 * uncached admission decision ({@code docs/benchmarks.md}).
 *
 * <p>The rules are cosign's (Go's {@code ecdsa.VerifyASN1}): the signature is a DER SEQUENCE of two
 * INTEGERs in minimal encoding with nothing after it, each in [1, n-1]; anything else is not valid.
 */
final class P256Verification {
  private static final ECParameterSpec JDK_P256 = jdkP256();
  private static final ECDomainParameters P256 = bouncyCastleP256();

  /**
   * Public keys already seen, with the multiples of each that Bouncy Castle keeps on the point
   * object. Bounded by forgetting everything when full: keyless signing makes a new key per
   * certificate, and those are never checked twice.
   */
  private static final Map<PublicPoint, ECPublicKeyParameters> KEYS = new ConcurrentHashMap<>();

  private static final int MAX_KEYS = 1_024;

  private record PublicPoint(BigInteger x, BigInteger y) {}

  private P256Verification() {}

  /** Whether {@code key} is on P-256 (named or with the same explicit parameters). */
  static boolean isP256(ECPublicKey key) {
    ECParameterSpec params = key.getParams();
    return params.getCurve().equals(JDK_P256.getCurve())
        && params.getGenerator().equals(JDK_P256.getGenerator())
        && params.getOrder().equals(JDK_P256.getOrder())
        && params.getCofactor() == JDK_P256.getCofactor();
  }

  /**
   * Whether {@code signature} is a valid ECDSA-SHA256 signature of {@code data} by {@code key}, a
   * key {@link #isP256} accepts. Malformed signatures and points off the curve are not valid: this
   * never throws for what an attacker controls.
   */
  static boolean verify(ECPublicKey key, byte[] data, byte[] signature) {
    try {
      // Decoding re-encodes and compares, so BER lengths, extra elements, trailing bytes and
      // non-minimal or negative INTEGERs are refused, as Go's ecdsa.VerifyASN1 refuses them.
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(P256.getN(), signature);
      ECDSASigner signer = new ECDSASigner();
      signer.init(false, parameters(key));
      return signer.verifySignature(
          DigestAlgorithm.SHA256.newMessageDigest().digest(data), rs[0], rs[1]);
    } catch (java.io.IOException | RuntimeException notValid) {
      return false;
    }
  }

  private static ECPublicKeyParameters parameters(ECPublicKey key) {
    PublicPoint point = new PublicPoint(key.getW().getAffineX(), key.getW().getAffineY());
    ECPublicKeyParameters known = KEYS.get(point);
    if (known != null) {
      return known;
    }
    // Validates the point: on the curve, not the point at infinity (else IllegalArgumentException).
    ECPublicKeyParameters created =
        new ECPublicKeyParameters(P256.getCurve().createPoint(point.x(), point.y()), P256);
    if (KEYS.size() >= MAX_KEYS) {
      KEYS.clear();
    }
    KEYS.putIfAbsent(point, created);
    return created;
  }

  private static ECParameterSpec jdkP256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has secp256r1", e);
    }
  }

  private static ECDomainParameters bouncyCastleP256() {
    X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
    return new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
  }
}
