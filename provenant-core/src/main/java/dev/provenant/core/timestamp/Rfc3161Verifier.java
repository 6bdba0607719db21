package dev.provenant.core.timestamp;

import dev.provenant.core.trust.CertificateAuthority;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Verifies an RFC 3161 timestamp over some bytes (in a Sigstore bundle: the signature bytes)
 * against the timestamp authorities of a trusted root, and returns the time it vouches for.
 *
 * <p>Certificates embedded in the token are never trusted: only the authorities' own chains are
 * (sigstore-conformance's {@code rekor2-timestamp-untrusted-tsa-with-embedded-cert} embeds a chain
 * from an unknown TSA).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3161">RFC 3161</a>
 */
public final class Rfc3161Verifier {
  private static final Map<ASN1ObjectIdentifier, String> IMPRINT_ALGORITHMS =
      Map.of(
          NISTObjectIdentifiers.id_sha256, "SHA-256",
          NISTObjectIdentifiers.id_sha384, "SHA-384",
          NISTObjectIdentifiers.id_sha512, "SHA-512");

  private Rfc3161Verifier() {}

  /** A verified timestamp: when, and which authority vouched for it. */
  public record VerifiedTimestamp(Instant time, CertificateAuthority authority) {}

  /**
   * Verifies {@code token} (a DER TimeStampResp or TimeStampToken) over {@code data}.
   *
   * @throws TimestampException when it does not parse, its message imprint is not the hash of
   *     {@code data}, no trusted authority signed it, or its time is outside the authority's
   *     validity or its certificates' validity
   */
  public static VerifiedTimestamp verify(
      byte[] token, byte[] data, List<CertificateAuthority> authorities) throws TimestampException {
    TimeStampToken timestamp = parse(token);
    var info = timestamp.getTimeStampInfo();
    String algorithm = IMPRINT_ALGORITHMS.get(info.getMessageImprintAlgOID());
    if (algorithm == null) {
      throw new TimestampException(
          "the timestamp's message imprint uses an unsupported hash "
              + info.getMessageImprintAlgOID());
    }
    byte[] expected;
    try {
      expected = MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
    }
    if (!MessageDigest.isEqual(expected, info.getMessageImprintDigest())) {
      throw new TimestampException("the timestamp is over other data than this signature");
    }
    Instant time = info.getGenTime().toInstant();
    if (authorities.isEmpty()) {
      throw new TimestampException("the trusted root has no timestamp authorities");
    }
    String lastProblem = "no timestamp authority of the trusted root signed it";
    for (CertificateAuthority authority : authorities) {
      for (X509Certificate certificate : authority.certChain()) {
        X509CertificateHolder holder;
        try {
          holder = new X509CertificateHolder(certificate.getEncoded());
        } catch (CertificateEncodingException | IOException e) {
          continue;
        }
        if (!timestamp.getSID().match(holder)) {
          continue;
        }
        try {
          SignerInformationVerifier verifier =
              new JcaSimpleSignerInfoVerifierBuilder().build(certificate);
          // Checks the signature, the ESS certificate binding, the timeStamping EKU and that the
          // certificate was valid at genTime.
          timestamp.validate(verifier);
        } catch (TSPException | OperatorCreationException | IllegalArgumentException e) {
          lastProblem =
              "the timestamp does not verify with the certificate of "
                  + authority.subject()
                  + ": "
                  + e.getMessage();
          continue;
        }
        if (!authority.validFor().contains(time)) {
          throw new TimestampException(
              "the timestamp time "
                  + time
                  + " is outside the period "
                  + authority.validFor()
                  + " in which the trusted root trusts "
                  + authority.subject());
        }
        for (X509Certificate chainCert : authority.certChain()) {
          try {
            chainCert.checkValidity(Date.from(time));
          } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new TimestampException(
                "the timestamp time "
                    + time
                    + " is outside the validity of the TSA certificate "
                    + chainCert.getSubjectX500Principal().getName(),
                e);
          }
        }
        return new VerifiedTimestamp(time, authority);
      }
    }
    throw new TimestampException(lastProblem);
  }

  private static TimeStampToken parse(byte[] der) throws TimestampException {
    try {
      TimeStampResponse response = new TimeStampResponse(der);
      TimeStampToken token = response.getTimeStampToken();
      if (token == null) {
        throw new TimestampException(
            "the timestamp response carries no token (status " + response.getStatus() + ")");
      }
      return token;
    } catch (TSPException | IOException | RuntimeException e) {
      // Not a TimeStampResp: it may be a bare TimeStampToken (a CMS ContentInfo).
      try {
        return new TimeStampToken(new CMSSignedData(der));
      } catch (CMSException | TSPException | IOException | RuntimeException inner) {
        inner.addSuppressed(e);
        throw new TimestampException("the timestamp is not an RFC 3161 token", inner);
      }
    }
  }
}
