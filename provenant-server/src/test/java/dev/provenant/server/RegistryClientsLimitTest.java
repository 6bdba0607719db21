package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.oci.registry.RegistryException;
import dev.provenant.oci.testing.RegistryExtension;
import dev.provenant.policy.engine.RegistryClients;
import dev.provenant.server.metrics.ServerMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registry hosts come from the reviews: the clients and the metric series stay bounded. */
class RegistryClientsLimitTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  private static final RegistryOptions OPTIONS =
      new RegistryOptions(false, false, Credentials.anonymous());

  @Test
  void leastRecentlyUsedClientIsForgottenPastTheLimit() {
    try (RegistryClients clients = new RegistryClients(registry -> OPTIONS, 2)) {
      RegistryClient first = use(clients, "one.example");
      use(clients, "two.example");
      use(clients, "one.example"); // used again: two.example is now the oldest
      use(clients, "three.example");

      assertThat(clients.openRegistries()).containsExactly("one.example", "three.example");
      assertThat(use(clients, "one.example")).isSameAs(first);
      assertThat(clients.stats("two.example")).isEmpty();
      assertThat(clients.openRegistries()).hasSize(2);
    }
  }

  @Test
  void aClientEvictedWhileInUseServesItsRequestsAndClosesWhenReleased() throws Exception {
    RegistryOptions http = new RegistryOptions(true, false, Credentials.anonymous());
    try (RegistryClients clients = new RegistryClients(registry -> http, 1)) {
      RegistryClients.Lease held = clients.lease(REGISTRY.address());
      use(clients, "other.example"); // evicts the held client

      assertThat(clients.openRegistries()).containsExactly("other.example");
      // In flight when it was evicted: still served.
      held.client().ping();
      held.close();
      assertThatThrownBy(() -> held.client().ping())
          .as("closed once its last lease ended")
          .isInstanceOf(RegistryException.class);
    }
  }

  @Test
  void anEvictedClientThatNobodyHoldsIsClosedAtOnce() {
    RegistryOptions http = new RegistryOptions(true, false, Credentials.anonymous());
    try (RegistryClients clients = new RegistryClients(registry -> http, 1)) {
      RegistryClient first = use(clients, REGISTRY.address());
      use(clients, "other.example");

      assertThatThrownBy(first::ping).isInstanceOf(RegistryException.class);
    }
  }

  @Test
  void noClientIsMadeAfterClose() {
    RegistryClients clients = new RegistryClients(registry -> OPTIONS, 2);
    use(clients, "one.example");
    clients.close();

    assertThatThrownBy(() -> clients.lease("two.example"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the server is stopping");
    assertThat(clients.openRegistries()).isEmpty();
  }

  /** Leases the client of {@code registry} and releases it at once. */
  private static RegistryClient use(RegistryClients clients, String registry) {
    try (RegistryClients.Lease lease = clients.lease(registry)) {
      return lease.client();
    }
  }

  @Test
  void defaultLimitIsSet() {
    try (RegistryClients clients = new RegistryClients(OPTIONS)) {
      assertThat(clients.maxClients()).isEqualTo(RegistryClients.DEFAULT_MAX_CLIENTS);
    }
  }

  @Test
  void hostsPastTheSeriesLimitShareTheOtherSeries() {
    ServerMetrics metrics = new ServerMetrics(2);
    try (RegistryClients clients = new RegistryClients(registry -> OPTIONS, 8)) {
      for (String host : List.of("one.example", "two.example", "three.example", "four.example")) {
        use(clients, host);
        metrics.registryClient(host, clients);
      }
      // A scrape reads the counts of open clients only; it opens none.
      String scrape = metrics.scrape();
      assertThat(scrape)
          .contains("provenant_registry_requests_total{registry=\"one.example\"}")
          .contains("provenant_registry_requests_total{registry=\"two.example\"}")
          .contains("provenant_registry_requests_total{registry=\"other\"}")
          .doesNotContain("three.example")
          .doesNotContain("four.example");
      assertThat(clients.openRegistries()).hasSize(4);
    }
  }
}
