package dev.provenant.server.tls;

import io.helidon.common.tls.Tls;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Server TLS from PEM files as Kubernetes tooling writes them ({@code tls.crt}, {@code tls.key} of
 * a {@code kubernetes.io/tls} Secret, cert-manager): a certificate chain, leaf first, and a private
 * key in PKCS#8, PKCS#1 (RSA) or SEC 1 (EC) form.
 */
public final class PemTls {
  private PemTls() {}

  /** The Helidon TLS configuration serving {@code certificate} with {@code key}. */
  public static Tls load(Path certificate, Path key) throws TlsMaterialException {
    List<X509Certificate> chain = certificates(certificate);
    PrivateKey privateKey = privateKey(key);
    if (!matches(privateKey, chain.getFirst().getPublicKey())) {
      // Typically seen mid-rotation, when one file is written and the other not yet.
      throw new TlsMaterialException(
          "TLS key " + key + " does not belong to the first certificate of " + certificate);
    }
    return Tls.builder().privateKey(privateKey).privateKeyCertChain(chain).build();
  }

  /** The same key as a JDK key, so that the JDK's TLS implementation signs with it. */
  private static PrivateKey jdkKey(PrivateKey key) throws GeneralSecurityException {
    return KeyFactory.getInstance(key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm())
        .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
  }

  /** Whether {@code key} signs what {@code publicKey} verifies. */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC", "ECDSA" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null) {
      return true;
    }
    try {
      byte[] probe = "provenant tls key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static List<X509Certificate> certificates(Path file) throws TlsMaterialException {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new TlsMaterialException(
          "TLS certificate " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new TlsMaterialException("TLS certificate " + file + " holds no PEM CERTIFICATE block");
    }
    return chain;
  }

  static PrivateKey privateKey(Path file) throws TlsMaterialException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      // The JDK cannot read a SEC 1 key (openssl ecparam -genkey) whose curve is given only
      // inside the key structure; BouncyCastle can, and its PKCS#8 encoding names the curve.
      JcaPEMKeyConverter converter =
          new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider());
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PEMKeyPair pair) {
          return jdkKey(converter.getPrivateKey(pair.getPrivateKeyInfo()));
        }
        if (item instanceof PrivateKeyInfo info) {
          return jdkKey(converter.getPrivateKey(info));
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsMaterialException("TLS key " + file + " cannot be read: " + e.getMessage(), e);
    }
    throw new TlsMaterialException(
        "TLS key "
            + file
            + " holds no unencrypted private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
  }
}
