package dev.provenant.policy.engine;

import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.registry.RequestStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One registry client per registry host, made on first use and kept: a server deciding many images
 * reuses connections and bearer tokens instead of opening a client per request.
 *
 * <p>The hosts come from the images under review, so their number is bounded: past {@link
 * #maxClients()} hosts the least recently used client is forgotten, and closed once the last {@link
 * Lease} on it ends, so that requests still in flight on it finish.
 */
public final class RegistryClients implements AutoCloseable {
  /** Enough for every registry a cluster really pulls from, few enough to bound the memory. */
  public static final int DEFAULT_MAX_CLIENTS = 256;

  private final Function<String, RegistryOptions> options;
  private final int maxClients;
  private final LinkedHashMap<String, Entry> clients;
  private boolean closed;

  /** A client, how many leases hold it, and whether it was evicted (closed at the last release). */
  private static final class Entry {
    final RegistryClient client;
    int leases;
    boolean evicted;

    Entry(RegistryClient client) {
      this.client = client;
    }
  }

  /**
   * The use of a registry's client for a while: the client stays open until the lease is closed,
   * even if it is evicted meanwhile.
   */
  public final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean released;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public RegistryClient client() {
      return entry.client;
    }

    @Override
    public void close() {
      boolean closeClient;
      synchronized (clients) {
        if (released) {
          return;
        }
        released = true;
        entry.leases--;
        closeClient = entry.evicted && entry.leases == 0;
      }
      if (closeClient) {
        entry.client.close();
      }
    }
  }

  /** Clients with the same options for every registry. */
  public RegistryClients(RegistryOptions options) {
    this(registry -> options);
  }

  /**
   * Clients whose options depend on the registry: credentials given for one registry must not be
   * presented to another ({@code Credentials.onlyFor}).
   */
  public RegistryClients(Function<String, RegistryOptions> options) {
    this(options, DEFAULT_MAX_CLIENTS);
  }

  /** As {@link #RegistryClients(Function)}, keeping at most {@code maxClients} clients open. */
  public RegistryClients(Function<String, RegistryOptions> options, int maxClients) {
    if (maxClients < 1) {
      throw new IllegalArgumentException("maxClients must be at least 1, got " + maxClients);
    }
    this.options = options;
    this.maxClients = maxClients;
    this.clients = new LinkedHashMap<>(16, 0.75f, true);
  }

  public int maxClients() {
    return maxClients;
  }

  /**
   * The client for {@code registry} ({@code ImageReference.registry()}), held until the lease is
   * closed: use it in a try-with-resources block.
   */
  public Lease lease(String registry) {
    Entry entry;
    Entry evicted = null;
    synchronized (clients) {
      if (closed) {
        // A load still running while the server stops: no new client, nothing left open.
        throw new IllegalStateException(
            "the registry clients are closed (the server is stopping); " + registry + " not read");
      }
      entry = clients.get(registry);
      if (entry == null) {
        entry = new Entry(options.apply(registry).newClient(registry));
        clients.put(registry, entry);
        if (clients.size() > maxClients) {
          Map.Entry<String, Entry> eldest = clients.entrySet().iterator().next();
          clients.remove(eldest.getKey());
          eldest.getValue().evicted = true;
          if (eldest.getValue().leases == 0) {
            evicted = eldest.getValue();
          }
        }
      }
      entry.leases++;
    }
    Lease lease = new Lease(entry);
    if (evicted != null) {
      evicted.client.close();
    }
    return lease;
  }

  /** What the open client for {@code registry} sent; empty when none is open (none is made). */
  public Optional<RequestStats> stats(String registry) {
    synchronized (clients) {
      // get would count as a use and reorder the map; a scrape is not a use.
      for (Map.Entry<String, Entry> entry : clients.entrySet()) {
        if (entry.getKey().equals(registry)) {
          return Optional.of(entry.getValue().client.stats());
        }
      }
    }
    return Optional.empty();
  }

  /** What the open clients for the registries {@code included} accepts sent, added up. */
  public RequestStats totalStats(Predicate<String> included) {
    long requests = 0;
    long retries = 0;
    long tokenRequests = 0;
    synchronized (clients) {
      for (Map.Entry<String, Entry> entry : clients.entrySet()) {
        if (included.test(entry.getKey())) {
          RequestStats stats = entry.getValue().client.stats();
          requests += stats.requests();
          retries += stats.retries();
          tokenRequests += stats.tokenRequests();
        }
      }
    }
    return new RequestStats(requests, retries, tokenRequests);
  }

  /** The registries with an open client, least recently used first. */
  public List<String> openRegistries() {
    synchronized (clients) {
      return List.copyOf(clients.keySet());
    }
  }

  /** Closes every client now, leased or not: the server is stopping. */
  @Override
  public void close() {
    List<Entry> open;
    synchronized (clients) {
      closed = true;
      open = new ArrayList<>(clients.values());
      clients.clear();
    }
    open.forEach(entry -> entry.client.close());
  }
}
