package dev.provenant.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides the {@code Authorization} header of each request, from the challenge the registry sent
 * for {@code /v2/}: none, Basic with the user's credential, or a Bearer token fetched from the
 * challenge's realm for the request's scopes and cached until it expires.
 *
 * <p>Credentials never appear in messages or logs; only the realm and the scopes do.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">Docker token
 *     authentication</a>
 */
final class RegistryAuthenticator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TOKEN_RESPONSE = 1024 * 1024;
  // The token spec: "If omitted, the token should be assumed to be valid for 60 seconds."
  private static final long DEFAULT_EXPIRES_SECONDS = 60;

  /** Sends one HTTP request and counts it. */
  interface Sender {
    HttpResponse<InputStream> send(HttpRequest request, boolean tokenRequest) throws IOException;
  }

  private record Token(String value, Instant refreshAfter) {}

  private final String registry;
  private final Optional<Credential> credential;
  private final boolean allowHttp;
  private final Duration requestTimeout;
  private final RegistryErrors errors;
  private final Clock clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private volatile AuthChallenge challenge;

  RegistryAuthenticator(
      String registry,
      Optional<Credential> credential,
      boolean allowHttp,
      Duration requestTimeout,
      RegistryErrors errors,
      Clock clock) {
    this.registry = registry;
    this.credential = credential;
    this.allowHttp = allowHttp;
    this.requestTimeout = requestTimeout;
    this.errors = errors;
    this.clock = clock;
  }

  boolean hasCredential() {
    return credential.isPresent();
  }

  /** Records the challenge of an unauthenticated {@code /v2/} answer; none if it was not a 401. */
  void learn(HttpResponse<?> pingResponse) {
    if (pingResponse.statusCode() == 401) {
      challenge = AuthChallenge.preferred(pingResponse.headers().allValues("WWW-Authenticate"));
    }
  }

  /** Whether a credential or token is sent with requests (so a 401 means it was refused). */
  boolean sendsCredential() {
    AuthChallenge c = challenge;
    return c != null && (c.isBearer() || credential.isPresent());
  }

  /** The Authorization header for a request needing {@code scopes}, or null to send none. */
  String authorization(List<String> scopes, Sender sender, String what, String repository)
      throws RegistryException {
    AuthChallenge c = challenge;
    if (c == null) {
      return null;
    }
    if (c.isBasic()) {
      return credential.map(RegistryAuthenticator::basic).orElse(null);
    }
    if (c.isBearer()) {
      return "Bearer " + token(c, scopes, sender, what, repository);
    }
    return null;
  }

  /**
   * Reacts to a 401 on a request that carried {@code scopes}: learns a new challenge, or drops the
   * cached token so that the next attempt fetches a fresh one. Returns the scopes to retry with, or
   * null when retrying cannot help (a Basic credential was refused).
   */
  List<String> afterUnauthorized(HttpResponse<?> response, List<String> scopes) {
    AuthChallenge fresh = AuthChallenge.preferred(response.headers().allValues("WWW-Authenticate"));
    AuthChallenge known = challenge;
    if (fresh == null) {
      return null;
    }
    List<String> retryScopes = new ArrayList<>(scopes);
    if (fresh.isBearer()) {
      // The registry names the scope it wants (distribution does, for example, for a mount's
      // source repository); ask for it too.
      String wanted = fresh.parameter("scope");
      if (wanted != null) {
        for (String s : wanted.split(" ")) {
          if (!s.isBlank() && !retryScopes.contains(s)) {
            retryScopes.add(s);
          }
        }
      }
      tokens.remove(key(scopes));
      tokens.remove(key(retryScopes));
      challenge = fresh;
      return retryScopes;
    }
    if (known == null || !known.scheme().equals(fresh.scheme())) {
      challenge = fresh;
      return fresh.isBasic() && credential.isEmpty() ? null : retryScopes;
    }
    return null;
  }

  private String token(
      AuthChallenge c, List<String> scopes, Sender sender, String what, String repository)
      throws RegistryException {
    String key = key(scopes);
    Token cached = tokens.get(key);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.refreshAfter())) {
      return cached.value();
    }
    Token fresh = fetchToken(c, scopes, sender, what, repository, now);
    tokens.put(key, fresh);
    return fresh.value();
  }

  private Token fetchToken(
      AuthChallenge c,
      List<String> scopes,
      Sender sender,
      String what,
      String repository,
      Instant now)
      throws RegistryException {
    String realm = c.parameter("realm");
    if (realm == null || realm.isBlank()) {
      throw errors.invalid(
          what,
          repository,
          "the registry asks for a Bearer token but names no realm to get it from",
          null);
    }
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw errors.invalid(what, repository, "the token realm '" + realm + "' is not a URI", e);
    }
    if ("http".equalsIgnoreCase(realmUri.getScheme()) && !allowHttp && credential.isPresent()) {
      throw errors.invalid(
          what,
          repository,
          "the token service "
              + realm
              + " is plain HTTP and would expose the password; pass --allow-http-registry only"
              + " if you trust the network",
          null);
    }
    StringBuilder query = new StringBuilder();
    if (c.parameter("service") != null) {
      query.append("service=").append(encode(c.parameter("service")));
    }
    for (String scope : scopes) {
      query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(scope));
    }
    URI uri =
        URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(requestTimeout)
            .header("Accept", "application/json");
    credential.ifPresent(value -> request.header("Authorization", basic(value)));
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response = sender.send(request.build(), true);
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_TOKEN_RESPONSE);
      }
    } catch (IOException e) {
      throw errors.fromIo(e, what, repository, uri.getAuthority(), 1, requestTimeout);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw errors.unauthorized(
          what,
          repository,
          status,
          credential.isPresent()
              ? "authentication failed ("
                  + status
                  + " from the token service "
                  + realmUri.getAuthority()
                  + "): check the username and password ("
                  + RegistryErrors.CREDENTIAL_HINT
                  + ")"
              : "authentication required ("
                  + status
                  + " from the token service "
                  + realmUri.getAuthority()
                  + "): the registry grants no anonymous access; give credentials with "
                  + RegistryErrors.CREDENTIAL_HINT);
    }
    if (status != 200) {
      throw errors.fromStatus(
          status,
          RegistryErrors.ErrorBody.parse(body),
          what + " (token service " + realmUri.getAuthority() + ")",
          repository,
          Access.PULL,
          credential.isPresent(),
          1);
    }
    try {
      JsonNode root = JSON.readTree(body);
      String token = text(root, "token");
      if (token == null) {
        token = text(root, "access_token");
      }
      if (token == null || token.isEmpty()) {
        throw errors.invalid(
            what,
            repository,
            "the token service " + realmUri.getAuthority() + " answered without a token",
            null);
      }
      long expires = root.path("expires_in").asLong(DEFAULT_EXPIRES_SECONDS);
      if (expires <= 0) {
        expires = DEFAULT_EXPIRES_SECONDS;
      }
      // Refresh a little early, so that a token does not expire between check and use.
      long margin = Math.min(30, expires / 5);
      return new Token(token, now.plusSeconds(expires - margin));
    } catch (IOException e) {
      throw errors.invalid(
          what,
          repository,
          "the token service " + realmUri.getAuthority() + " answered with malformed JSON",
          e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root == null ? null : root.get(field);
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static String key(List<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String basic(Credential credential) {
    Objects.requireNonNull(credential);
    String pair = credential.username() + ":" + credential.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  String registry() {
    return registry;
  }
}
