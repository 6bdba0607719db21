package dev.provenant.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** Calls the webhook over HTTPS as the API server does, trusting only the test certificate. */
public final class WebhookClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final int port;

  public WebhookClient(SSLContext trust, int port) {
    this.http =
        HttpClient.newBuilder()
            .sslContext(trust)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.port = port;
  }

  /** An answer: its status, body, and the certificate the server presented. */
  public record Answer(int status, String body, X509Certificate served) {
    public JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    public JsonNode response() throws Exception {
      return json().path("response");
    }
  }

  public Answer post(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  public Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  private URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }

  private Answer send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    X509Certificate served =
        response
            .sslSession()
            .map(
                s -> {
                  try {
                    return (X509Certificate) s.getPeerCertificates()[0];
                  } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    return null;
                  }
                })
            .orElse(null);
    return new Answer(response.statusCode(), response.body(), served);
  }

  @Override
  public void close() {
    http.close();
  }
}
