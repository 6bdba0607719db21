package dev.provenant.policy.engine;

import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.RegistryClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One registry client per registry host, made on first use and kept: a server deciding many images
 * reuses connections and bearer tokens instead of opening a client per request.
 */
public final class RegistryClients implements AutoCloseable {
  private final RegistryOptions options;
  private final Map<String, RegistryClient> clients = new ConcurrentHashMap<>();

  public RegistryClients(RegistryOptions options) {
    this.options = options;
  }

  /** The client for {@code registry} ({@code ImageReference.registry()}). */
  public RegistryClient forRegistry(String registry) {
    return clients.computeIfAbsent(registry, options::newClient);
  }

  @Override
  public void close() {
    clients.values().forEach(RegistryClient::close);
    clients.clear();
  }
}
