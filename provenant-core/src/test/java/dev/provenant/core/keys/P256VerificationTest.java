package dev.provenant.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * P-256 signatures are checked without the JDK's ECDSA, so every answer is held against the JDK's
 * for the same key, data and signature: valid, over other data, by another key, with any byte of
 * the signature changed, and with encodings Go's {@code ecdsa.VerifyASN1} (cosign) refuses.
 */
class P256VerificationTest {
  private static final SigningKey KEY = SigningKey.generateEcP256();
  private static final SigningKey OTHER = SigningKey.generateEcP256();
  private static final BigInteger ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  @Property(tries = 200)
  void agreesWithTheJdkOnValidSignaturesAndOtherData(@ForAll byte[] data, @ForAll byte[] other) {
    byte[] signature = KEY.sign(data);

    assertThat(SignatureVerifier.verify(KEY.publicKey(), data, signature)).isTrue();
    assertThat(jdk(KEY.publicKey(), data, signature)).isTrue();
    boolean sameData = Arrays.equals(data, other);
    assertThat(SignatureVerifier.verify(KEY.publicKey(), other, signature)).isEqualTo(sameData);
    assertThat(SignatureVerifier.verify(OTHER.publicKey(), data, signature)).isFalse();
  }

  @Property(tries = 500)
  void agreesWithTheJdkOnChangedSignatures(
      @ForAll("changedSignatures") byte[] signature, @ForAll @IntRange(max = 1) int whichKey) {
    PublicKey key = whichKey == 0 ? KEY.publicKey() : OTHER.publicKey();

    assertThat(SignatureVerifier.verify(key, DATA, signature)).isEqualTo(jdk(key, DATA, signature));
  }

  private static final byte[] DATA = "provenant".getBytes();

  @Provide
  Arbitrary<byte[]> changedSignatures() {
    byte[] valid = KEY.sign(DATA);
    Arbitrary<byte[]> flipped =
        Combinators.combine(
                Arbitraries.integers().between(0, valid.length - 1),
                Arbitraries.integers().between(1, 255))
            .as(
                (index, mask) -> {
                  byte[] changed = valid.clone();
                  changed[index] ^= mask.byteValue();
                  return changed;
                });
    Arbitrary<byte[]> truncated =
        Arbitraries.integers()
            .between(0, valid.length - 1)
            .map(length -> Arrays.copyOf(valid, length));
    return Arbitraries.oneOf(flipped, truncated, Arbitraries.just(valid));
  }

  @Test
  void aTrailingByteIsNotValid() {
    byte[] valid = KEY.sign(DATA);
    byte[] trailing = Arrays.copyOf(valid, valid.length + 1);

    assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, trailing)).isFalse();
  }

  @Test
  void aNonMinimalIntegerIsNotValidAsGoRefusesIt() {
    BigInteger[] rs = rs(KEY.sign(DATA));
    // r with a needless leading zero byte: DER wants the shortest form.
    byte[] r = rs[0].toByteArray();
    byte[] paddedR = new byte[r.length + 1];
    System.arraycopy(r, 0, paddedR, 1, r.length);
    byte[] padded = sequence(integer(paddedR), integer(rs[1].toByteArray()));

    assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, padded)).isFalse();
  }

  @Test
  void valuesOutOfRangeAreNotValid() {
    BigInteger[] rs = rs(KEY.sign(DATA));
    byte[] zeroR = sequence(integer(BigInteger.ZERO.toByteArray()), integer(rs[1].toByteArray()));
    byte[] sPlusN = sequence(integer(rs[0].toByteArray()), integer(rs[1].add(ORDER).toByteArray()));
    byte[] negativeS =
        sequence(integer(rs[0].toByteArray()), integer(rs[1].negate().toByteArray()));

    assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, zeroR)).isFalse();
    assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, sPlusN)).isFalse();
    assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, negativeS)).isFalse();
  }

  @Test
  void theHighSTwinIsValidAsForTheJdkAndGo() {
    // ECDSA has no canonical s in Go or the JDK: (r, n - s) verifies too.
    BigInteger[] rs = rs(KEY.sign(DATA));
    byte[] twin =
        sequence(integer(rs[0].toByteArray()), integer(ORDER.subtract(rs[1]).toByteArray()));

    assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, twin)).isTrue();
    assertThat(jdk(KEY.publicKey(), DATA, twin)).isTrue();
  }

  @Test
  void aPointOffTheCurveIsNotValidRatherThanAnError() throws Exception {
    ECPublicKey real = (ECPublicKey) KEY.publicKey();
    ECPoint off =
        new ECPoint(real.getW().getAffineX(), real.getW().getAffineY().add(BigInteger.ONE));
    PublicKey hostile =
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(off, real.getParams()));

    assertThat(P256Verification.isP256((ECPublicKey) hostile)).isTrue();
    assertThat(SignatureVerifier.verify(hostile, DATA, KEY.sign(DATA))).isFalse();
  }

  @Test
  void aKeyCheckedAgainIsCheckedTheSameWay() {
    // The second check uses the key's kept multiples: same answers.
    for (int i = 0; i < 3; i++) {
      assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, KEY.sign(DATA))).isTrue();
      assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, OTHER.sign(DATA))).isFalse();
    }
  }

  @Test
  void encodingsGoRefusesAreNotValid() {
    BigInteger[] rs = rs(KEY.sign(DATA));
    byte[] r = integer(rs[0].toByteArray());
    byte[] s = integer(rs[1].toByteArray());
    byte[] content = concat(r, s);
    byte[] longFormSequence =
        concat(new byte[] {0x30, (byte) 0x81, (byte) content.length}, content);
    byte[] rValue = rs[0].toByteArray();
    byte[] longFormInteger =
        sequence(concat(new byte[] {0x02, (byte) 0x81, (byte) rValue.length}, rValue), s);
    byte[] indefinite = concat(new byte[] {0x30, (byte) 0x80}, content, new byte[] {0, 0});
    byte[] thirdElement = tlv(0x30, concat(r, s, integer(new byte[] {0})));

    for (byte[] refused : List.of(longFormSequence, longFormInteger, indefinite, thirdElement)) {
      assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, refused))
          .as(HexFormat.of().formatHex(refused))
          .isFalse();
    }
  }

  @Test
  void anRWrittenAsANegativeIntegerIsNotValidThoughTheJdkAcceptsIt() throws Exception {
    // DER INTEGERs are signed: an r with its top bit set needs a leading zero byte. Without it the
    // INTEGER is negative; the JDK reads the bytes as unsigned and accepts, Go refuses.
    byte[] signature;
    BigInteger[] rs;
    do {
      signature = KEY.sign(DATA);
      rs = rs(signature);
    } while (rs[0].bitLength() != 256);
    byte[] unpadded = Arrays.copyOfRange(rs[0].toByteArray(), 1, 33);
    byte[] negative = sequence(integer(unpadded), integer(rs[1].toByteArray()));

    assertThat(jdk(KEY.publicKey(), DATA, negative)).isTrue();
    assertThat(SignatureVerifier.verify(KEY.publicKey(), DATA, negative)).isFalse();
  }

  @Test
  void aKeyAndItsNegationShareXAndAreStillTwoKeys() throws Exception {
    // -Q has Q's x: the kept multiples must be found by the whole point.
    KeyPair pair = pair(SigningKey.generateEcP256());
    ECPrivateKey d = (ECPrivateKey) pair.getPrivate();
    ECPublicKey q = (ECPublicKey) pair.getPublic();
    ECPrivateKey negatedD =
        (ECPrivateKey)
            KeyFactory.getInstance("EC")
                .generatePrivate(new ECPrivateKeySpec(ORDER.subtract(d.getS()), d.getParams()));
    BigInteger p = ((java.security.spec.ECFieldFp) q.getParams().getCurve().getField()).getP();
    PublicKey negatedQ =
        KeyFactory.getInstance("EC")
            .generatePublic(
                new ECPublicKeySpec(
                    new ECPoint(q.getW().getAffineX(), p.subtract(q.getW().getAffineY())),
                    q.getParams()));
    byte[] byQ = jdkSign(d, DATA);
    byte[] byNegatedQ = jdkSign(negatedD, DATA);

    for (int round = 0; round < 2; round++) {
      assertThat(SignatureVerifier.verify(q, DATA, byQ)).isTrue();
      assertThat(SignatureVerifier.verify(negatedQ, DATA, byNegatedQ)).isTrue();
      assertThat(SignatureVerifier.verify(q, DATA, byNegatedQ)).isFalse();
      assertThat(SignatureVerifier.verify(negatedQ, DATA, byQ)).isFalse();
    }
  }

  @Test
  void answersStayRightPastTheKeptKeysBoundAndAcrossThreads() throws Exception {
    List<SigningKey> keys = new ArrayList<>();
    for (int i = 0; i < 1_100; i++) {
      keys.add(SigningKey.generateEcP256());
    }
    List<byte[]> signatures = keys.stream().map(key -> key.sign(DATA)).toList();
    try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        wrong.add(
            threads.submit(
                () -> {
                  int mistakes = 0;
                  for (int i = 0; i < keys.size(); i++) {
                    int k = (i * 7 + offset) % keys.size();
                    PublicKey key = keys.get(k).publicKey();
                    if (!SignatureVerifier.verify(key, DATA, signatures.get(k))) {
                      mistakes++;
                    }
                    if (SignatureVerifier.verify(
                        key, DATA, signatures.get((k + 1) % keys.size()))) {
                      mistakes++;
                    }
                  }
                  return mistakes;
                }));
      }
      for (Future<Integer> mistakes : wrong) {
        assertThat(mistakes.get()).isZero();
      }
    }
  }

  private static KeyPair pair(SigningKey key) {
    return new KeyPair(key.publicKey(), key.privateKey());
  }

  private static byte[] jdkSign(ECPrivateKey key, byte[] data) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(data);
    return signer.sign();
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  private static boolean jdk(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** r and s of a DER signature whose lengths fit in one byte (always so for P-256). */
  private static BigInteger[] rs(byte[] der) {
    int rLength = der[3];
    BigInteger r = new BigInteger(Arrays.copyOfRange(der, 4, 4 + rLength));
    int sAt = 4 + rLength + 2;
    BigInteger s = new BigInteger(Arrays.copyOfRange(der, sAt, sAt + der[sAt - 1]));
    return new BigInteger[] {r, s};
  }

  private static byte[] integer(byte[] value) {
    return tlv(0x02, value);
  }

  private static byte[] sequence(byte[] first, byte[] second) {
    return tlv(0x30, concat(first, second));
  }

  private static byte[] tlv(int tag, byte[] content) {
    byte[] out = new byte[content.length + 2];
    out[0] = (byte) tag;
    out[1] = (byte) content.length;
    System.arraycopy(content, 0, out, 2, content.length);
    return out;
  }

  @Test
  void theFixturesOwnEncodingIsDer() {
    // Guards the helpers above: re-encoding a real signature gives its bytes back.
    byte[] valid = KEY.sign(DATA);
    BigInteger[] rs = rs(valid);

    assertThat(
            HexFormat.of()
                .formatHex(sequence(integer(rs[0].toByteArray()), integer(rs[1].toByteArray()))))
        .isEqualTo(HexFormat.of().formatHex(valid));
  }
}
