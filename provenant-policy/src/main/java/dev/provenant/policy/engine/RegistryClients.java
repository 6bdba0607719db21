package dev.provenant.policy.engine;

import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.RegistryClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One registry client per registry host, made on first use and kept: a server deciding many images
 * reuses connections and bearer tokens instead of opening a client per request.
 */
public final class RegistryClients implements AutoCloseable {
  private final Function<String, RegistryOptions> options;
  private final Map<String, RegistryClient> clients = new ConcurrentHashMap<>();

  /** Clients with the same options for every registry. */
  public RegistryClients(RegistryOptions options) {
    this(registry -> options);
  }

  /**
   * Clients whose options depend on the registry: credentials given for one registry must not be
   * presented to another ({@code Credentials.onlyFor}).
   */
  public RegistryClients(Function<String, RegistryOptions> options) {
    this.options = options;
  }

  /** The client for {@code registry} ({@code ImageReference.registry()}). */
  public RegistryClient forRegistry(String registry) {
    return clients.computeIfAbsent(registry, r -> options.apply(r).newClient(r));
  }

  @Override
  public void close() {
    clients.values().forEach(RegistryClient::close);
    clients.clear();
  }
}
