package dev.provenant.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provenant.oci.image.ImageAccessException.Failure;
import dev.provenant.oci.testing.TestImages;
import dev.provenant.oci.testing.TestImages.PushedImage;
import dev.provenant.oci.testing.TestRegistry;
import dev.provenant.oci.testing.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic and Bearer authentication against real registries, and where credentials come from. */
class RegistryAuthTest {
  private static TestRegistry basic;
  private static TokenServer tokens;
  private static TestRegistry bearer;

  @BeforeAll
  static void startRegistries() throws Exception {
    basic = TestRegistry.withBasicAuth("alice", "s3cret");
    tokens = TokenServer.start("bob", "hunter2");
    bearer = TestRegistry.withTokenAuth(tokens);
  }

  @AfterAll
  static void stopRegistries() {
    if (bearer != null) {
      bearer.close();
    }
    if (tokens != null) {
      tokens.close();
    }
    if (basic != null) {
      basic.close();
    }
  }

  private static RegistryClient client(TestRegistry registry, Credentials credentials) {
    return RegistryClient.builder(registry.address())
        .allowHttp(true)
        .credentials(credentials)
        .build();
  }

  @Test
  void basicAuthWithGoodCredentialsPushesAndPulls() throws Exception {
    try (RegistryClient client = client(basic, Credentials.of("alice", "s3cret"))) {
      PushedImage image = TestImages.push(client, "basic/app", "v1", 1, 100, Map.of());
      assertThat(client.pullManifest("basic/app", "v1").digest()).isEqualTo(image.manifest());
    }
  }

  @Test
  void basicAuthWithWrongPasswordIsUnauthorizedAndSaysToCheckCredentials() {
    try (RegistryClient client = client(basic, Credentials.of("alice", "wrong"))) {
      RegistryException e =
          catchThrowableOfType(
              RegistryException.class, () -> client.pullManifest("basic/app", "v1"));

      assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
      assertThat(e.httpStatus()).isEqualTo(401);
      assertThat(e.getMessage())
          .contains("authentication failed (401 UNAUTHORIZED)")
          .contains("check the username and password")
          .contains("--registry-username")
          .doesNotContain("wrong");
    }
  }

  @Test
  void basicAuthWithoutCredentialsSaysCredentialsAreNeeded() {
    try (RegistryClient client = client(basic, Credentials.anonymous())) {
      RegistryException e =
          catchThrowableOfType(RegistryException.class, () -> client.listTags("basic/app"));

      assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
      assertThat(e.getMessage()).contains("authentication required");
    }
  }

  @Test
  void bearerTokensAreRequestedWithPullScopeForPullsAndPullPushForPushes() throws Exception {
    PushedImage image;
    try (RegistryClient pusher = client(bearer, Credentials.of("bob", "hunter2"))) {
      image = TestImages.push(pusher, "token/app", "v1", 2, 100, Map.of());
    }
    assertThat(tokens.requestedScopes()).contains(List.of("repository:token/app:pull,push"));
    int before = tokens.requestedScopes().size();

    try (RegistryClient puller = client(bearer, Credentials.of("bob", "hunter2"))) {
      assertThat(puller.pullManifest("token/app", "v1").digest()).isEqualTo(image.manifest());
      assertThat(puller.pullBlob("token/app", image.config(), 1 << 20)).isNotEmpty();
      // The token is cached per scope: one token request for both pulls.
      assertThat(puller.stats().tokenRequests()).isEqualTo(1);
    }
    assertThat(tokens.requestedScopes().subList(before, tokens.requestedScopes().size()))
        .containsExactly(List.of("repository:token/app:pull"));
  }

  @Test
  void bearerTokenServiceRefusingThePasswordIsUnauthorized() {
    try (RegistryClient client = client(bearer, Credentials.of("bob", "nope"))) {
      RegistryException e =
          catchThrowableOfType(
              RegistryException.class, () -> client.pullManifest("token/app", "v1"));

      assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
      assertThat(e.getMessage())
          .contains("token service")
          .contains("check the username and password");
    }
  }

  @Test
  void credentialsFromDockerConfigAuthField(@TempDir Path dir) throws Exception {
    String auth =
        Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    Path config = dir.resolve("config.json");
    Files.writeString(
        config, "{\"auths\":{\"" + basic.address() + "\":{\"auth\":\"" + auth + "\"}}}");

    try (RegistryClient client = client(basic, Credentials.dockerConfig(config))) {
      client.ping();
      assertThat(client.catalog()).isNotNull();
    }
  }

  @Test
  void credentialsFromDockerConfigUsernamePasswordUnderDockerConfigVariable(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("config.json"),
        "{\"auths\":{\"https://"
            + basic.address()
            + "\":{\"username\":\"alice\",\"password\":\"s3cret\"}}}");
    Credentials credentials =
        Credentials.fromEnvironment(Map.of("DOCKER_CONFIG", dir.toString()), dir.resolve("home"));

    try (RegistryClient client = client(basic, credentials)) {
      client.ping();
    }
  }

  @Test
  void mountingUnderBearerAuthAsksForPushOnTheTargetAndPullOnTheSource() throws Exception {
    try (RegistryClient client = client(bearer, Credentials.of("bob", "hunter2"))) {
      PushedImage image = TestImages.push(client, "token/source", "v1", 3, 100, Map.of());

      assertThat(client.mountBlob("token/target", image.layer(), "token/source")).isTrue();

      assertThat(tokens.requestedScopes())
          .contains(List.of("repository:token/target:pull,push", "repository:token/source:pull"));
      assertThat(client.blobExists("token/target", image.layer())).isTrue();
    }
  }
}
