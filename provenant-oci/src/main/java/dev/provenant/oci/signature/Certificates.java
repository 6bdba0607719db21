package dev.provenant.oci.signature;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads the PEM certificates cosign puts in legacy signature annotations. */
final class Certificates {
  private Certificates() {}

  /**
   * Every certificate in {@code pem}, in order.
   *
   * @throws CertificateException when there is none or one does not parse
   */
  static List<X509Certificate> parsePem(String pem) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate certificate :
        factory.generateCertificates(
            new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))) {
      certificates.add((X509Certificate) certificate);
    }
    if (certificates.isEmpty()) {
      throw new CertificateException("no PEM certificate found");
    }
    return certificates;
  }
}
