package dev.provenant.sigstore.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.bundle.BundleSigningException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Which claim the proof of possession signs, as Fulcio checks it, and what is not a token. */
class IdentityTokenTest {

  @Test
  void anEmailTokenProvesPossessionOfTheEmail() throws Exception {
    IdentityToken token =
        IdentityToken.parse(jwt("{\"sub\":\"1234567\",\"email\":\"alice@example.com\"}"));

    assertThat(token.proofSubject()).isEqualTo("alice@example.com");
  }

  @Test
  void aWorkloadTokenProvesPossessionOfTheSubject() throws Exception {
    IdentityToken token =
        IdentityToken.parse(jwt("{\"sub\":\"repo:org/app:ref:refs/heads/main\"}"));

    assertThat(token.proofSubject()).isEqualTo("repo:org/app:ref:refs/heads/main");
  }

  @Test
  void somethingThatIsNotAJwtIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> IdentityToken.parse("secret-value"))
        .isInstanceOf(BundleSigningException.class)
        .hasMessage(
            "the identity token is unusable: it is not a JWT (three base64url parts separated by"
                + " dots)")
        .hasMessageNotContaining("secret-value");
    assertThatThrownBy(() -> IdentityToken.parse(jwt("{\"iss\":\"x\"}")))
        .hasMessageContaining("neither an email nor a sub claim");
  }

  @Test
  void theTokenNeverAppearsInToString() throws Exception {
    String jwt = jwt("{\"sub\":\"s\"}");

    assertThat(IdentityToken.parse(jwt).toString()).doesNotContain(jwt).contains("s");
  }

  @Test
  void serviceUrlsAreBasesOrFullEndpoints() {
    assertThat(Endpoints.resolve(URI.create("https://fulcio.example"), "api/v2/signingCert"))
        .hasToString("https://fulcio.example/api/v2/signingCert");
    assertThat(Endpoints.resolve(URI.create("https://x.example/sigstore/"), "api/v1/log/entries"))
        .hasToString("https://x.example/sigstore/api/v1/log/entries");
    assertThat(Endpoints.isBase(URI.create("https://tsa.example/"))).isTrue();
    assertThat(Endpoints.isBase(URI.create("https://freetsa.example/tsr"))).isFalse();
  }

  private static String jwt(String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
  }
}
