package dev.provenant.cli;

import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.Credentials;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The registry connection flags, named as cosign names them. */
final class RegistryFlags {
  @Option(
      names = "--allow-http-registry",
      description = "Talk to the registry over plain HTTP (off by default: HTTPS only).")
  boolean allowHttp;

  @Option(
      names = "--allow-insecure-registry",
      description = "Accept the registry's TLS certificate without verifying it.")
  boolean allowInsecure;

  @Option(
      names = "--registry-username",
      paramLabel = "USER",
      description =
          "Registry user name (or PROVENANT_REGISTRY_USERNAME; else ~/.docker/config.json).")
  String username;

  @Option(
      names = "--registry-password",
      paramLabel = "PASSWORD",
      description = "Registry password or token (or PROVENANT_REGISTRY_PASSWORD).")
  String password;

  /**
   * The options for a run that names an image in {@code registry} (null for a local image).
   * Credentials from the flags, else from {@code PROVENANT_REGISTRY_USERNAME/PASSWORD}, go to that
   * registry only, never to another one the run reaches (a {@code COSIGN_REPOSITORY} elsewhere, a
   * redirect); Docker's {@code config.json} names its own registries.
   */
  RegistryOptions toOptions(String registry) {
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException(
          "--registry-username and --registry-password must be given together");
    }
    Map<String, String> environment = System.getenv();
    Credentials named =
        username != null ? Credentials.of(username, password) : Credentials.variables(environment);
    Credentials configured =
        Credentials.dockerConfig(environment, Path.of(System.getProperty("user.home")));
    Credentials credentials =
        registry != null ? named.onlyFor(registry).orElse(configured) : configured;
    return new RegistryOptions(allowHttp, allowInsecure, credentials);
  }
}
