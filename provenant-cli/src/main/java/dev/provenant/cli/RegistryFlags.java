package dev.provenant.cli;

import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.Credentials;
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

  RegistryOptions toOptions() {
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException(
          "--registry-username and --registry-password must be given together");
    }
    Credentials credentials =
        username != null
            ? Credentials.of(username, password).orElse(Credentials.fromEnvironment())
            : Credentials.fromEnvironment();
    return new RegistryOptions(allowHttp, allowInsecure, credentials);
  }
}
