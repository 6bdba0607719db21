package dev.provenant.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.oci.testing.RegistryExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A renewed certificate written over the PEM files is served to new connections. */
class TlsReloadTest {
  @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();

  @TempDir Path directory;

  @Test
  void rotatedCertificateIsServed() throws Exception {
    try (Webhook webhook = new Webhook(directory, REGISTRY.address())) {
      webhook.writePolicies(Webhook.policy("signed", "enforce", REGISTRY.address() + "/**", ""));
      webhook.start();
      assertThat(webhook.client.get("/healthz").served()).isEqualTo(webhook.tls.certificate());

      SelfSignedTls renewed = SelfSignedTls.generate("provenant-webhook-renewed");
      renewed.write(webhook.certificate(), webhook.key());

      WebhookClient.Answer answer = null;
      long until = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < until) {
        // A new client each time: a new TLS handshake, as the API server makes after rotation.
        try (WebhookClient client =
            new WebhookClient(
                SelfSignedTls.trusting(webhook.tls.certificate(), renewed.certificate()),
                webhook.server.port())) {
          answer = client.get("/healthz");
        }
        if (answer.served().equals(renewed.certificate())) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(answer.served()).isEqualTo(renewed.certificate());
      assertThat(answer.status()).isEqualTo(200);
    }
  }
}
