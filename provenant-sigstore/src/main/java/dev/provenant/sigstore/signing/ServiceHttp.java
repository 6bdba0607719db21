package dev.provenant.sigstore.signing;

import dev.provenant.core.bundle.BundleSigningException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Posts one request to a signing service (Fulcio, Rekor, a timestamp authority) and returns its
 * answer, turning every way it can fail into a {@link BundleSigningException} that names the
 * service and the URL: a connection that fails, a timeout or a 5xx is {@code unreachable} (exit
 * code 3, try again later); a 4xx is a refusal, with the service's own words.
 */
final class ServiceHttp {
  /** Certificate chains, log entries and timestamps are kilobytes; more is not an answer. */
  private static final int MAX_RESPONSE_BYTES = 4 << 20;

  /** How much of an error body goes into a message: enough for Fulcio's and Rekor's reasons. */
  private static final int MAX_ERROR_CHARS = 500;

  private final HttpClient client;
  private final Duration timeout;

  ServiceHttp(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Posts {@code body} and returns the response body of a 2xx answer.
   *
   * @param service the service's name for messages: "Fulcio", "Rekor", "the timestamp authority"
   */
  byte[] post(String service, URI uri, String contentType, String accept, byte[] body)
      throws BundleSigningException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", contentType)
            .header("Accept", accept)
            .header("User-Agent", "provenant")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<InputStream> response;
    byte[] answer;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        answer = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      }
    } catch (IOException e) {
      throw new BundleSigningException(
          service
              + " at "
              + uri
              + " could not be reached: "
              + describe(e)
              + "; check the URL and the network, then try again",
          true,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BundleSigningException(
          "interrupted while waiting for " + service + " at " + uri, true, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      if (answer.length > MAX_RESPONSE_BYTES) {
        throw new BundleSigningException(
            service + " at " + uri + " answered with more than " + MAX_RESPONSE_BYTES + " bytes",
            false,
            null);
      }
      return answer;
    }
    String text = new String(answer, StandardCharsets.UTF_8).strip();
    if (text.length() > MAX_ERROR_CHARS) {
      text = text.substring(0, MAX_ERROR_CHARS) + "…";
    }
    boolean unavailable = status >= 500;
    throw new BundleSigningException(
        service
            + " at "
            + uri
            + (unavailable ? " is unavailable: HTTP " : " refused the request: HTTP ")
            + status
            + (text.isEmpty() ? "" : ": " + text),
        unavailable,
        null);
  }

  private static String describe(IOException e) {
    String kind =
        switch (e) {
          case java.net.http.HttpConnectTimeoutException t -> "connection timed out";
          case java.net.http.HttpTimeoutException t -> "no answer within the timeout";
          case java.net.ConnectException c -> "connection refused";
          default -> e.getClass().getSimpleName();
        };
    return e.getMessage() == null || e.getMessage().isBlank()
        ? kind
        : kind + " (" + e.getMessage() + ")";
  }
}
