package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.oci.registry.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's default credentials name their registry: none goes to every registry. */
class AdmissionServerCredentialsTest {
  @TempDir Path home;

  @Test
  void credentialVariablesAreNotPresentedToAnyRegistry() {
    Credentials credentials =
        AdmissionServer.defaultCredentials(
            Map.of(
                Credentials.USERNAME_VARIABLE, "ci",
                Credentials.PASSWORD_VARIABLE, "secret"),
            home.toString());

    assertThat(credentials.forRegistry("registry.attacker.example")).isEmpty();
    assertThat(credentials.forRegistry("ghcr.io")).isEmpty();
  }

  @Test
  void dockerConfigCredentialsAreUsedForTheirRegistryOnly() throws Exception {
    Path docker = Files.createDirectories(home.resolve(".docker"));
    Files.writeString(
        docker.resolve("config.json"),
        "{\"auths\":{\"registry.example\":{\"auth\":\"dXNlcjpwYXNz\"}}}");

    Credentials credentials = AdmissionServer.defaultCredentials(Map.of(), home.toString());

    assertThat(credentials.forRegistry("registry.example")).isPresent();
    assertThat(credentials.forRegistry("registry.attacker.example")).isEmpty();
  }
}
