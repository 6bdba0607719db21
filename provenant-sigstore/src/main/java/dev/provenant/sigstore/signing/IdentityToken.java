package dev.provenant.sigstore.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.core.bundle.BundleSigningException;
import java.io.IOException;
import java.util.Base64;

/**
 * An OIDC identity token as Fulcio reads it: the raw JWT, and the claim whose value the proof of
 * possession signs. Provenant does not verify the token: Fulcio does, and only Fulcio knows the
 * issuer's keys.
 *
 * <p>Fulcio verifies the proof of possession against the principal's name: the {@code email} claim
 * for email identities (Google, Microsoft… and any token carrying a verified email), the {@code
 * sub} claim for everything else (GitHub Actions, GitLab, SPIFFE, Kubernetes…).
 *
 * @see <a href="https://github.com/sigstore/fulcio/blob/main/docs/oidc.md">Fulcio OIDC usage</a>
 */
record IdentityToken(String jwt, String proofSubject) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static IdentityToken parse(String jwt) throws BundleSigningException {
    String token = jwt == null ? "" : jwt.strip();
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty()) {
      throw invalid("it is not a JWT (three base64url parts separated by dots)", null);
    }
    JsonNode claims;
    try {
      claims = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IllegalArgumentException | IOException e) {
      throw invalid("its claims are not base64url JSON", e);
    }
    if (claims == null || !claims.isObject()) {
      throw invalid("its claims are not a JSON object", null);
    }
    String email = claims.path("email").asText("");
    String subject = claims.path("sub").asText("");
    String proofSubject = !email.isEmpty() ? email : subject;
    if (proofSubject.isEmpty()) {
      throw invalid("it has neither an email nor a sub claim to prove possession of", null);
    }
    return new IdentityToken(token, proofSubject);
  }

  private static BundleSigningException invalid(String why, Throwable cause) {
    return new BundleSigningException("the identity token is unusable: " + why, false, cause);
  }

  @Override
  public String toString() {
    // Never print the token: it is a bearer credential until it expires.
    return "IdentityToken[" + proofSubject + "]";
  }
}
