package dev.provenant.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** WWW-Authenticate, Link and Retry-After, as registries really send them. */
class HeaderParsingTest {

  @Test
  void bearerChallengeKeepsCommasInsideQuotedScope() {
    AuthChallenge c =
        AuthChallenge.preferred(
            List.of(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/alpine:pull,push\""));

    assertThat(c.isBearer()).isTrue();
    assertThat(c.parameter("realm")).isEqualTo("https://auth.docker.io/token");
    assertThat(c.parameter("service")).isEqualTo("registry.docker.io");
    assertThat(c.parameter("scope")).isEqualTo("repository:library/alpine:pull,push");
  }

  @Test
  void prefersBearerAmongSeveralChallenges() {
    List<AuthChallenge> all =
        AuthChallenge.parse(List.of("Basic realm=\"x\", Bearer realm=\"https://t/token\""));

    assertThat(all).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
    assertThat(AuthChallenge.preferred(List.of("Basic realm=\"Registry Realm\"")).isBasic())
        .isTrue();
    assertThat(AuthChallenge.preferred(List.of())).isNull();
  }

  @Test
  void findsTheNextLinkRelativeOrAbsolute() {
    assertThat(LinkHeader.next(List.of("</v2/_catalog?last=b&n=1>; rel=\"next\"")))
        .contains("/v2/_catalog?last=b&n=1");
    assertThat(
            LinkHeader.next(
                List.of(
                    "<https://r/v2/a/tags/list?n=2&last=x>; rel=\"prev\", <https://r/n>; rel=next")))
        .contains("https://r/n");
    assertThat(LinkHeader.next(List.of("<https://r/p>; rel=\"prev\""))).isEmpty();
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDateAndIsCapped() {
    Instant now = Instant.parse("2024-01-01T00:00:00Z");
    RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(200));

    assertThat(policy.delay(1, "1", now)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delay(1, "Mon, 01 Jan 2024 00:00:05 GMT", now))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.delay(1, "3600", now)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEqualTo(Optional.empty());
    assertThat(policy.delay(3, null, now))
        .isBetween(Duration.ofMillis(800), Duration.ofMillis(1000));
  }
}
