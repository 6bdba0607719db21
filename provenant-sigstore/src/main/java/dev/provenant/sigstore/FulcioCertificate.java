package dev.provenant.sigstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/** Reads what a Fulcio signing certificate says about its subject: SAN identity and extensions. */
public final class FulcioCertificate {
  private FulcioCertificate() {}

  /** The identity: the first URI or email subject alternative name. */
  public static Optional<String> identity(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return Optional.empty();
      }
      for (List<?> name : names) {
        int type = (Integer) name.get(0);
        if ((type == 6 || type == 1) && name.get(1) instanceof String value) {
          return Optional.of(value);
        }
      }
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * Every Fulcio extension present, by {@link FulcioExtension#key()}; a value that does not decode
   * is left out rather than guessed.
   */
  public static Map<String, String> extensions(X509Certificate certificate) {
    Map<String, String> values = new LinkedHashMap<>();
    for (FulcioExtension extension : FulcioExtension.values()) {
      byte[] wrapped = certificate.getExtensionValue(extension.oid());
      if (wrapped == null) {
        continue;
      }
      try {
        byte[] inner = ASN1OctetString.getInstance(wrapped).getOctets();
        String value =
            extension.derEncoded()
                ? ((ASN1String) ASN1Primitive.fromByteArray(inner)).getString()
                : new String(inner, StandardCharsets.UTF_8);
        values.put(extension.key(), value);
      } catch (IOException | ClassCastException | IllegalArgumentException e) {
        // Malformed extension: absent, so a constraint on it fails closed.
      }
    }
    return values;
  }

  /** The OIDC issuer: the v2 extension ({@code .8}), else the deprecated v1 ({@code .1}). */
  public static Optional<String> issuer(Map<String, String> extensions) {
    return Optional.ofNullable(extensions.get(FulcioExtension.ISSUER.key()))
        .or(() -> Optional.ofNullable(extensions.get(FulcioExtension.ISSUER_V1.key())));
  }
}
