package dev.provenant.core.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The distribution reference grammar and Docker's normalisation, as a table. */
class ImageReferenceGrammarTest {
  private static final String HEX =
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String DIGEST = "sha256:" + HEX;

  static Stream<Arguments> validReferences() {
    return Stream.of(
        // input, canonical form, familiar form
        Arguments.of("alpine", "docker.io/library/alpine:latest", "alpine:latest"),
        Arguments.of("alpine:3.19", "docker.io/library/alpine:3.19", "alpine:3.19"),
        Arguments.of("library/alpine", "docker.io/library/alpine:latest", "alpine:latest"),
        Arguments.of("docker.io/alpine", "docker.io/library/alpine:latest", "alpine:latest"),
        Arguments.of(
            "docker.io/library/alpine:edge", "docker.io/library/alpine:edge", "alpine:edge"),
        Arguments.of("index.docker.io/alpine", "docker.io/library/alpine:latest", "alpine:latest"),
        Arguments.of("index.docker.io/user/app:1", "docker.io/user/app:1", "user/app:1"),
        Arguments.of("user/app", "docker.io/user/app:latest", "user/app:latest"),
        Arguments.of("user/team/app:v2", "docker.io/user/team/app:v2", "user/team/app:v2"),
        Arguments.of("ghcr.io/org/app:1.2.3", "ghcr.io/org/app:1.2.3", "ghcr.io/org/app:1.2.3"),
        Arguments.of("quay.io/org/app", "quay.io/org/app:latest", "quay.io/org/app:latest"),
        Arguments.of("localhost/app", "localhost/app:latest", "localhost/app:latest"),
        Arguments.of("localhost:5000/app:dev", "localhost:5000/app:dev", "localhost:5000/app:dev"),
        Arguments.of("127.0.0.1:5000/a/b/c:t", "127.0.0.1:5000/a/b/c:t", "127.0.0.1:5000/a/b/c:t"),
        Arguments.of("10.0.0.1/app", "10.0.0.1/app:latest", "10.0.0.1/app:latest"),
        Arguments.of("[::1]:5000/app:v1", "[::1]:5000/app:v1", "[::1]:5000/app:v1"),
        Arguments.of("[2001:db8::1]/app", "[2001:db8::1]/app:latest", "[2001:db8::1]/app:latest"),
        Arguments.of(
            "Registry.Example.COM/app",
            "Registry.Example.COM/app:latest",
            "Registry.Example.COM/app:latest"),
        Arguments.of(
            "my-registry.example.com:443/app",
            "my-registry.example.com:443/app:latest",
            "my-registry.example.com:443/app:latest"),
        Arguments.of("alpine@" + DIGEST, "docker.io/library/alpine@" + DIGEST, "alpine@" + DIGEST),
        Arguments.of(
            "alpine:3.19@" + DIGEST,
            "docker.io/library/alpine:3.19@" + DIGEST,
            "alpine:3.19@" + DIGEST),
        Arguments.of("ghcr.io/o/a@" + DIGEST, "ghcr.io/o/a@" + DIGEST, "ghcr.io/o/a@" + DIGEST),
        Arguments.of("a/b.c", "docker.io/a/b.c:latest", "a/b.c:latest"),
        Arguments.of("a/b_c", "docker.io/a/b_c:latest", "a/b_c:latest"),
        Arguments.of("a/b__c", "docker.io/a/b__c:latest", "a/b__c:latest"),
        Arguments.of("a/b---c", "docker.io/a/b---c:latest", "a/b---c:latest"),
        Arguments.of("app:V1.0-RC_1", "docker.io/library/app:V1.0-RC_1", "app:V1.0-RC_1"),
        Arguments.of("app:_private", "docker.io/library/app:_private", "app:_private"),
        Arguments.of(
            "app:" + "t".repeat(128),
            "docker.io/library/app:" + "t".repeat(128),
            "app:" + "t".repeat(128)),
        Arguments.of("localhost:5000", "docker.io/library/localhost:5000", "localhost:5000"),
        Arguments.of(
            "example.com/a1/2b/3", "example.com/a1/2b/3:latest", "example.com/a1/2b/3:latest"),
        Arguments.of("x", "docker.io/library/x:latest", "x:latest"));
  }

  static Stream<Arguments> invalidReferences() {
    return Stream.of(
        // input, a fragment the error message must contain
        Arguments.of("", "the reference is empty"),
        Arguments.of("Alpine", "uppercase the character 'A'"),
        Arguments.of("user/App", "repository names must be lowercase"),
        Arguments.of("alpine:", "the tag after ':' is empty"),
        Arguments.of("alpine:-x", "cannot start the tag"),
        Arguments.of("alpine:.x", "cannot start the tag"),
        Arguments.of("alpine:a+b", "the character '+' at position 2 of the tag"),
        Arguments.of("alpine:a b", "a space at position 2 of the tag"),
        Arguments.of("app:" + "t".repeat(129), "the tag is 129 characters long; at most 128"),
        Arguments.of("alpine@sha256:abc", "sha256 needs 64 hex characters, got 3"),
        Arguments.of("alpine@sha256:" + HEX.toUpperCase(), "is not lowercase hex"),
        Arguments.of("alpine@md5:" + HEX, "unsupported digest algorithm 'md5'"),
        Arguments.of("alpine@" + HEX, "expected algorithm:hex"),
        Arguments.of("alpine@SHA256:" + HEX, "algorithm must be lowercase"),
        Arguments.of("alpine@sha512:" + HEX, "sha512 needs 128 hex characters, got 64"),
        Arguments.of(
            "-alpine", "the character '-' in '-alpine' must sit between letters or digits"),
        Arguments.of("alpine-", "'alpine-' ends with the separator '-'"),
        Arguments.of("a/.b", "must sit between letters or digits"),
        Arguments.of("a/b.", "ends with the separator '.'"),
        Arguments.of("a/b..c", "the separator '..' in 'b..c' is not allowed"),
        Arguments.of("a/b___c", "the separator '___' in 'b___c' is not allowed"),
        Arguments.of("a/b._c", "the separator '._' in 'b._c' is not allowed"),
        Arguments.of("a//b", "empty path component"),
        Arguments.of("a/b/", "empty path component"),
        Arguments.of("ghcr.io/", "the repository name is empty"),
        Arguments.of("ghcr.io/org/app$", "the character '$' is not allowed in the repository"),
        Arguments.of("ghcr.io/org/ap p", "a space is not allowed in the repository"),
        Arguments.of(
            "ghcr.io/org/\u00e4pp", "the character U+00E4 is not allowed in the repository"),
        Arguments.of("exa_mple.com/app", "the character '_' is not allowed in the registry host"),
        Arguments.of("-example.com/app", "cannot start or end with '-'"),
        Arguments.of("example-.com/app", "cannot start or end with '-'"),
        Arguments.of("example..com/app", "empty label"),
        Arguments.of("localhost:/app", "the port after ':' in 'localhost:' is empty"),
        Arguments.of("localhost:50a0/app", "the character 'a' in the port of 'localhost:50a0'"),
        Arguments.of("[::1/app", "has no closing ']'"),
        Arguments.of("[]/app", "is not an IPv6 address"),
        Arguments.of("[::g]/app", "the character 'g' is not allowed in the IPv6 address"),
        Arguments.of("[::1]x/app", "the character 'x' after the IPv6 address"),
        Arguments.of(HEX, "cannot be a 64-character hex string"),
        Arguments.of("example.com/" + "a".repeat(250), "at most 255 allowed"),
        Arguments.of("alpine:a:b", "the character ':' is not allowed in the repository 'alpine:a'"),
        Arguments.of("alpine\t", "the character U+0009"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validReferences")
  void parsesAndNormalisesValidReference(String input, String canonical, String familiar)
      throws Exception {
    ImageReference reference = ImageReference.parse(input);

    assertThat(reference.toString()).isEqualTo(canonical);
    assertThat(reference.familiar()).isEqualTo(familiar);
    assertThat(ImageReference.parse(canonical)).isEqualTo(reference);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidReferences")
  void refusesInvalidReferenceNamingTheProblem(String input, String expectedProblem) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageStartingWith("invalid image reference '" + input + "': ")
        .hasMessageContaining(expectedProblem);
  }
}
