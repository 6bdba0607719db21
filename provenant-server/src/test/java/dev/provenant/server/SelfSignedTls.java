package dev.provenant.server;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed certificate for 127.0.0.1, written as PEM files, and a client that trusts it. */
public record SelfSignedTls(X509Certificate certificate, KeyPair keys) {
  public static SelfSignedTls generate(String commonName) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + commonName);
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(1, ChronoUnit.HOURS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            subject,
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    return new SelfSignedTls(certificate, keys);
  }

  /** Writes {@code tls.crt} and {@code tls.key} (PKCS#8) into {@code directory}. */
  public void write(Path certificateFile, Path keyFile) throws IOException {
    // Write beside and move, as a Secret volume update swaps files, so a reader never sees half.
    Path certTmp = certificateFile.resolveSibling(certificateFile.getFileName() + ".tmp");
    Path keyTmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
    Files.writeString(certTmp, pem(certificate));
    Files.writeString(
        keyTmp,
        pem(
            new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)
                .generate()));
    Files.move(keyTmp, keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.move(certTmp, certificateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** An SSL context that trusts only {@code certificates}. */
  public static SSLContext trusting(X509Certificate... certificates) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < certificates.length; i++) {
      store.setCertificateEntry("cert" + i, certificates[i]);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
