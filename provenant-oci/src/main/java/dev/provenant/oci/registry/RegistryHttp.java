package dev.provenant.oci.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Sends requests to one registry: adds authentication, repeats transient failures (429, 502, 503,
 * 504, connections closed mid-answer) with backoff, follows redirects by hand so that credentials
 * never travel to another host, and counts what it sent.
 */
final class RegistryHttp implements AutoCloseable {
  private static final int MAX_REDIRECTS = 10;

  /**
   * One logical request.
   *
   * @param headers name, value, name, value…
   * @param body replayable body, or null for none
   * @param scopes the Bearer token scopes the request needs
   * @param idempotent whether it may be sent again after a transient failure
   * @param what the thing the request is about, for messages: {@code host/repo:tag}
   */
  record Call(
      String method,
      URI uri,
      List<String> headers,
      BodyPublisher body,
      List<String> scopes,
      Access access,
      boolean idempotent,
      boolean followRedirects,
      String what,
      String repository) {
    Call {
      Objects.requireNonNull(method);
      Objects.requireNonNull(uri);
      headers = List.copyOf(headers);
      scopes = List.copyOf(scopes);
    }
  }

  /** Reads an answer that is not a redirect, a 401 to retry, or a transient error. */
  @FunctionalInterface
  interface Handler<T> {
    T handle(HttpResponse<InputStream> response, int attempts)
        throws IOException, RegistryException;
  }

  /** An answer cut short: repeated like other transient failures, an integrity failure at last. */
  static final class TruncatedException extends IOException {
    TruncatedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final URI base;
  private final String registry;
  private final HttpClient client;
  private final RegistryAuthenticator authenticator;
  private final RegistryErrors errors;
  private final RetryPolicy retry;
  private final Duration requestTimeout;
  private final boolean allowHttp;
  private final Clock clock;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong tokenRequests = new AtomicLong();
  private final Object challengeLock = new Object();
  private volatile boolean challengeKnown;

  RegistryHttp(
      URI base,
      String registry,
      boolean allowHttp,
      boolean allowInsecureTls,
      Duration connectTimeout,
      Duration requestTimeout,
      RetryPolicy retry,
      Credentials credentials,
      Clock clock) {
    this.base = base;
    this.registry = registry;
    this.allowHttp = allowHttp;
    this.requestTimeout = requestTimeout;
    this.retry = retry;
    this.clock = clock;
    this.errors = new RegistryErrors(registry, allowHttp);
    // The JDK's default executor runs the client's internal hand-offs; callers still wait on
    // virtual threads. A virtual-thread executor here measured no better for the two reads an
    // admission decision has in flight at once (RegistryReadsBenchmark, benchmarks.md).
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            // Redirects are followed by hand: see follow().
            .followRedirects(HttpClient.Redirect.NEVER);
    if (allowInsecureTls) {
      builder.sslContext(trustingEverything());
    }
    this.client = builder.build();
    this.authenticator =
        new RegistryAuthenticator(
            registry, credentials.forRegistry(registry), allowHttp, requestTimeout, errors, clock);
  }

  URI base() {
    return base;
  }

  RegistryErrors errors() {
    return errors;
  }

  boolean credentialSent() {
    return authenticator.sendsCredential();
  }

  RequestStats stats() {
    return new RequestStats(requests.get(), retries.get(), tokenRequests.get());
  }

  /**
   * Sends {@code call}, handling authentication, redirects and retries, and hands the answer on.
   */
  <T> T exchange(Call call, Handler<T> handler) throws RegistryException {
    // A read goes out straight away: an anonymous registry answers it, and one that wants
    // credentials answers 401 with the same challenge the /v2/ ping would have given, which
    // send() learns and retries with. That saves a round trip on every short-lived client (a CLI
    // run). A write pings first, because its body may not be sendable twice.
    if (!call.idempotent() || authenticator.hasCredential()) {
      // With a credential, ping first all the same: some registries and proxies answer an
      // anonymous read of a private repository with 404 or 403 and no challenge, and the
      // credential would then never be offered.
      ensureChallenge(call);
    }
    return send(call, handler, true);
  }

  private void ensureChallenge(Call call) throws RegistryException {
    if (challengeKnown) {
      return;
    }
    synchronized (challengeLock) {
      if (challengeKnown) {
        return;
      }
      Call ping =
          new Call(
              "GET",
              base.resolve("/v2/"),
              List.of(),
              null,
              List.of(),
              Access.NONE,
              true,
              false,
              call.what(),
              call.repository());
      send(
          ping,
          (response, attempts) -> {
            authenticator.learn(response);
            RegistryErrors.readBounded(response);
            return null;
          },
          false);
      challengeKnown = true;
    }
  }

  private <T> T send(Call call, Handler<T> handler, boolean authenticate) throws RegistryException {
    URI uri = call.uri();
    String method = call.method();
    BodyPublisher body = call.body();
    List<String> scopes = call.scopes();
    boolean unauthorizedRetried = false;
    int attempt = 0;
    int redirects = 0;
    while (true) {
      attempt++;
      boolean sameOrigin = sameOrigin(uri);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(requestTimeout)
              .method(method, body == null ? BodyPublishers.noBody() : body);
      for (int i = 0; i + 1 < call.headers().size(); i += 2) {
        request.header(call.headers().get(i), call.headers().get(i + 1));
      }
      if (authenticate && sameOrigin) {
        String authorization =
            authenticator.authorization(scopes, this::sendCounted, call.what(), call.repository());
        if (authorization != null) {
          request.header("Authorization", authorization);
        }
      }
      HttpResponse<InputStream> response;
      try {
        response = sendCounted(request.build(), false);
      } catch (IOException e) {
        if (call.idempotent() && isTransient(e) && attempt < retry.maxAttempts()) {
          pause(retry.delay(attempt, null, clock.instant()), call);
          continue;
        }
        throw errors.fromIo(
            e, call.what(), call.repository(), hostOf(uri), attempt, requestTimeout);
      }
      int status = response.statusCode();
      if (call.followRedirects() && isRedirect(status)) {
        String location = response.headers().firstValue("Location").orElse(null);
        if (location != null) {
          RegistryErrors.readBounded(response);
          if (++redirects > MAX_REDIRECTS) {
            throw errors.invalid(
                call.what(),
                call.repository(),
                "more than " + MAX_REDIRECTS + " redirects; the registry is misconfigured",
                null);
          }
          URI next = uri.resolve(location);
          if ("http".equalsIgnoreCase(next.getScheme())
              && "https".equalsIgnoreCase(uri.getScheme())
              && !allowHttp) {
            throw errors.invalid(
                call.what(),
                call.repository(),
                "the registry redirected to plain HTTP ("
                    + next.getAuthority()
                    + "); refusing to downgrade (pass --allow-http-registry to allow it)",
                null);
          }
          uri = next;
          if (status == 303) {
            method = "GET";
            body = null;
          }
          attempt--; // a redirect is not a failed attempt
          continue;
        }
      }
      if (status == 401 && authenticate && sameOrigin && !unauthorizedRetried) {
        List<String> retryScopes = authenticator.afterUnauthorized(response, scopes);
        if (retryScopes != null) {
          RegistryErrors.readBounded(response);
          unauthorizedRetried = true;
          scopes = retryScopes;
          attempt--;
          continue;
        }
      }
      if (isRetryableStatus(status) && call.idempotent() && attempt < retry.maxAttempts()) {
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        RegistryErrors.readBounded(response);
        pause(retry.delay(attempt, retryAfter, clock.instant()), call);
        continue;
      }
      try {
        return handler.handle(response, attempt);
      } catch (IOException e) {
        closeQuietly(response);
        if (call.idempotent() && attempt < retry.maxAttempts()) {
          pause(retry.delay(attempt, null, clock.instant()), call);
          continue;
        }
        if (e instanceof TruncatedException) {
          throw errors.integrity(call.what(), call.repository(), e.getMessage());
        }
        throw errors.fromIo(
            e, call.what(), call.repository(), hostOf(uri), attempt, requestTimeout);
      }
    }
  }

  /** Explains a non-success answer; reads and closes its body. */
  RegistryException failure(HttpResponse<InputStream> response, Call call, int attempts) {
    return errors.fromResponse(
        response,
        call.what(),
        call.repository(),
        call.access(),
        authenticator.sendsCredential(),
        attempts);
  }

  private HttpResponse<InputStream> sendCounted(HttpRequest request, boolean tokenRequest)
      throws IOException {
    requests.incrementAndGet();
    if (tokenRequest) {
      tokenRequests.incrementAndGet();
    }
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted");
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  private void pause(Duration delay, Call call) throws RegistryException {
    retries.incrementAndGet();
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while waiting to retry");
      interrupted.initCause(e);
      throw errors.fromIo(
          interrupted, call.what(), call.repository(), hostOf(call.uri()), 0, requestTimeout);
    }
  }

  private boolean sameOrigin(URI uri) {
    return Objects.equals(uri.getScheme(), base.getScheme())
        && Objects.equals(uri.getRawAuthority(), base.getRawAuthority());
  }

  private static String hostOf(URI uri) {
    return uri.getRawAuthority();
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean isRetryableStatus(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /**
   * Whether a failure to get an answer may pass if tried again: a connection reset or closed before
   * the answer was complete. Refused connections, timeouts and TLS failures will not.
   */
  private static boolean isTransient(IOException e) {
    if (e instanceof InterruptedIOException && !(e instanceof HttpTimeoutException)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof SSLException
          || t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return false;
      }
    }
    return true;
  }

  private static void closeQuietly(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // Nothing more to read from a response we are abandoning.
    }
  }

  /** A TLS context that accepts any certificate for any host name (--allow-insecure-registry). */
  private static SSLContext trustingEverything() {
    // An X509ExtendedTrustManager, unlike a plain X509TrustManager, is also where the JDK checks
    // the host name, so accepting here skips both checks for this client only (the alternative,
    // jdk.internal.httpclient.disableHostnameVerification, is JVM-wide).
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime cannot create a TLS context", e);
    }
  }

  @Override
  public void close() {
    // shutdownNow, not close: HttpClient.close() waits for every exchange to finish, and a blob
    // stream a caller abandoned half-read (an SBOM's layer cursor, a verification that stopped
    // early) would then hang the process forever. Closing the client means nothing more is read.
    client.shutdownNow();
  }
}
