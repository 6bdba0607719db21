package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.oci.location.RegistryOptions;
import dev.provenant.oci.registry.Credentials;
import dev.provenant.oci.registry.RegistryClient;
import dev.provenant.policy.engine.RegistryClients;
import dev.provenant.server.metrics.ServerMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registry hosts come from the reviews: the clients and the metric series stay bounded. */
class RegistryClientsLimitTest {
  private static final RegistryOptions OPTIONS =
      new RegistryOptions(false, false, Credentials.anonymous());

  @Test
  void leastRecentlyUsedClientIsClosedPastTheLimit() {
    try (RegistryClients clients = new RegistryClients(registry -> OPTIONS, 2)) {
      RegistryClient first = clients.forRegistry("one.example");
      clients.forRegistry("two.example");
      clients.forRegistry("one.example"); // used again: two.example is now the oldest
      clients.forRegistry("three.example");

      assertThat(clients.openRegistries()).containsExactly("one.example", "three.example");
      assertThat(clients.forRegistry("one.example")).isSameAs(first);
      assertThat(clients.stats("two.example")).isEmpty();
      assertThat(clients.openRegistries()).hasSize(2);
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
        clients.forRegistry(host);
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
