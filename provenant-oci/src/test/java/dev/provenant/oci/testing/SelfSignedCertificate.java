package dev.provenant.oci.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A fresh P-256 key and a self-signed certificate for it, made by {@code openssl req -x509} into
 * {@code key.pem} (PKCS #8) and {@code cert.pem}, valid from now.
 */
public record SelfSignedCertificate(Path keyFile, Path certificateFile) {

  /**
   * @param extra more {@code openssl req} options, such as {@code -addext subjectAltName=...}
   */
  public static SelfSignedCertificate create(Path dir, String subject, int days, String... extra)
      throws IOException, InterruptedException {
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    List<String> command =
        new ArrayList<>(
            List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                Integer.toString(days),
                "-subj",
                subject,
                "-keyout",
                key.toString(),
                "-out",
                cert.toString()));
    command.addAll(List.of(extra));
    ExternalTools.run(command);
    return new SelfSignedCertificate(key, cert);
  }

  public PrivateKey privateKey() throws IOException, GeneralSecurityException {
    byte[] der =
        Base64.getMimeDecoder()
            .decode(
                Files.readString(keyFile)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", ""));
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  public X509Certificate certificate() throws IOException, GeneralSecurityException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificateFile)));
  }

  public String certificatePem() throws IOException {
    return Files.readString(certificateFile);
  }
}
