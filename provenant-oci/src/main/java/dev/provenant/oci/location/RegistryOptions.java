package dev.provenant.oci.location;

import dev.provenant.oci.registry.Credentials;
import dev.provenant.oci.registry.RegistryClient;

/**
 * How to talk to registries: whether plain HTTP or unverified TLS is allowed (both off by default,
 * as in cosign), and whose credentials to present.
 */
public record RegistryOptions(
    boolean allowHttp, boolean allowInsecureTls, Credentials credentials) {

  /** A client for {@code registry} (as in {@code ImageReference.registry()}) with these options. */
  public RegistryClient newClient(String registry) {
    return RegistryClient.builder(registry)
        .allowHttp(allowHttp)
        .allowInsecureTls(allowInsecureTls)
        .credentials(credentials)
        .build();
  }

  /** HTTPS with verified certificates and the credentials from the environment. */
  public static RegistryOptions defaults() {
    return new RegistryOptions(false, false, Credentials.fromEnvironment());
  }
}
