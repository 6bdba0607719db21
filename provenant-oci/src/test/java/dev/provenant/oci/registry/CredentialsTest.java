package dev.provenant.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  @Test
  void environmentVariablesWinOverDockerConfig(@TempDir Path home) throws Exception {
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(
        home.resolve(".docker/config.json"),
        "{\"auths\":{\"r.example\":{\"username\":\"docker\",\"password\":\"p\"}}}");

    Credentials fromVariables =
        Credentials.fromEnvironment(
            Map.of("PROVENANT_REGISTRY_USERNAME", "env", "PROVENANT_REGISTRY_PASSWORD", "x"), home);
    Credentials fromConfig = Credentials.fromEnvironment(Map.of(), home);

    assertThat(fromVariables.forRegistry("r.example")).contains(new Credential("env", "x"));
    assertThat(fromConfig.forRegistry("r.example")).contains(new Credential("docker", "p"));
    assertThat(fromConfig.forRegistry("other.example")).isEmpty();
  }

  @Test
  void dockerHubLegacyKeyMatchesDockerIo(@TempDir Path dir) throws Exception {
    String auth =
        Base64.getEncoder().encodeToString("hub:pw:with:colons".getBytes(StandardCharsets.UTF_8));
    Path config = dir.resolve("config.json");
    Files.writeString(
        config, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"}}}");

    assertThat(Credentials.dockerConfig(config).forRegistry("docker.io"))
        .contains(new Credential("hub", "pw:with:colons"));
  }

  @Test
  void missingOrBrokenDockerConfigGivesNoCredential(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("config.json"), "{not json");
    assertThat(Credentials.dockerConfig(broken).forRegistry("x")).isEmpty();
    assertThat(Credentials.dockerConfig(dir.resolve("absent.json")).forRegistry("x")).isEmpty();
  }

  @Test
  void orElseFallsBackOnlyWhenTheFirstHasNone() {
    Credentials first =
        r -> r.equals("a") ? Optional.of(new Credential("u1", "p1")) : Optional.empty();
    Credentials both = first.orElse(Credentials.of("u2", "p2"));

    assertThat(both.forRegistry("a")).contains(new Credential("u1", "p1"));
    assertThat(both.forRegistry("b")).contains(new Credential("u2", "p2"));
    assertThat(Credentials.anonymous().forRegistry("a")).isEmpty();
  }

  @Test
  void credentialNeverPrintsItsPassword() {
    assertThat(new Credential("alice", "s3cret").toString())
        .contains("alice")
        .doesNotContain("s3cret");
  }
}
