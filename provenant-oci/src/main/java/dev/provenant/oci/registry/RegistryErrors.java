package dev.provenant.oci.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provenant.oci.image.ImageAccessException.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what a registry answered, or why it could not be reached, into a {@link RegistryException}
 * whose message says what failed and what the user can do.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes">distribution-spec,
 *     error codes</a>
 */
final class RegistryErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 64 * 1024;
  static final String CREDENTIAL_HINT =
      "--registry-username/--registry-password, PROVENANT_REGISTRY_USERNAME/PASSWORD or"
          + " ~/.docker/config.json";

  private final String registry;
  private final boolean allowHttp;

  RegistryErrors(String registry, boolean allowHttp) {
    this.registry = registry;
    this.allowHttp = allowHttp;
  }

  /** The registry's first error from a distribution error body: code, message and detail. */
  record ErrorBody(String code, String message, String detail) {
    static final ErrorBody NONE = new ErrorBody(null, null, null);

    static ErrorBody parse(byte[] body) {
      try {
        JsonNode root = JSON.readTree(body);
        JsonNode first = root == null ? null : root.path("errors").path(0);
        if (first == null || !first.isObject()) {
          return NONE;
        }
        JsonNode detail = first.get("detail");
        return new ErrorBody(
            textOrNull(first.get("code")),
            textOrNull(first.get("message")),
            detail == null || detail.isNull()
                ? null
                : detail.isTextual() ? detail.asText() : detail.toString());
      } catch (IOException | RuntimeException e) {
        return NONE;
      }
    }

    private static String textOrNull(JsonNode node) {
      return node != null && node.isTextual() ? node.asText() : null;
    }
  }

  /** Reads a bounded error body (and closes the response) and explains the status. */
  RegistryException fromResponse(
      HttpResponse<InputStream> response,
      String what,
      String repository,
      Access access,
      boolean credentialSent,
      int attempts) {
    byte[] body = readBounded(response);
    return fromStatus(
        response.statusCode(),
        ErrorBody.parse(body),
        what,
        repository,
        access,
        credentialSent,
        attempts);
  }

  RegistryException fromStatus(
      int status,
      ErrorBody error,
      String what,
      String repository,
      Access access,
      boolean credentialSent,
      int attempts) {
    String code = error.code();
    String label = status + (code != null ? " " + code : "");
    Failure failure;
    String explanation;
    if (status == 404) {
      failure = Failure.NOT_FOUND;
      explanation =
          switch (code == null ? "" : code) {
            case "MANIFEST_UNKNOWN" ->
                "manifest unknown (MANIFEST_UNKNOWN): the tag or digest does not exist in this"
                    + " repository; check the tag or digest, and list the tags the repository has";
            case "NAME_UNKNOWN" ->
                "repository unknown (NAME_UNKNOWN): this registry has no repository of that name;"
                    + " check the spelling and the registry";
            case "BLOB_UNKNOWN" ->
                "blob unknown (BLOB_UNKNOWN): the registry does not have this content; the image"
                    + " may have been pushed incompletely or garbage-collected";
            default -> "not found (" + label + "): the registry has nothing at this name; check it";
          };
    } else if (status == 401) {
      failure = Failure.UNAUTHORIZED;
      explanation =
          credentialSent
              ? "authentication failed ("
                  + label
                  + "): check the username and password ("
                  + CREDENTIAL_HINT
                  + ")"
              : "authentication required ("
                  + label
                  + "): the registry wants credentials and none were found; give them with "
                  + CREDENTIAL_HINT;
    } else if (status == 403) {
      failure = Failure.UNAUTHORIZED;
      explanation =
          "access denied ("
              + label
              + "): the registry does not let "
              + (credentialSent ? "these credentials " : "anonymous users ")
              + access.verb()
              + " this repository; use an account with "
              + access.verb()
              + " permission ("
              + CREDENTIAL_HINT
              + ")";
    } else if (status == 429) {
      failure = Failure.UNREACHABLE;
      explanation =
          "rate limited ("
              + label
              + ") after "
              + attempts
              + " attempt(s): wait before retrying, or log in for a higher limit";
    } else if (status >= 500) {
      failure = Failure.UNREACHABLE;
      explanation =
          "the registry failed with a server error ("
              + label
              + ") after "
              + attempts
              + " attempt(s); try again later or ask its operator";
    } else if ("DIGEST_INVALID".equals(code) || "SIZE_INVALID".equals(code)) {
      failure = Failure.INTEGRITY;
      explanation =
          "the registry rejected the content ("
              + label
              + "): it does not match the digest or size it was sent with";
    } else {
      failure = Failure.INVALID_INPUT;
      explanation =
          "the registry refused the request ("
              + label
              + ")"
              + switch (code == null ? "" : code) {
                case "MANIFEST_INVALID" -> ": the manifest is not valid for this registry";
                case "MANIFEST_BLOB_UNKNOWN" ->
                    ": the manifest refers to blobs that were not pushed first";
                case "NAME_INVALID" -> ": the repository name is not valid";
                case "TAG_INVALID" -> ": the tag is not valid";
                case "UNSUPPORTED" -> ": the registry does not support this operation";
                default -> "";
              };
    }
    String said = registrySaid(error);
    return new RegistryException(
        failure, what + ": " + explanation + said, registry, repository, status, code, null);
  }

  /** Explains an I/O failure: no connection, TLS trouble, timeout or a broken answer. */
  RegistryException fromIo(
      IOException e, String what, String repository, String host, int attempts, Duration timeout) {
    String reason;
    String httpHint =
        allowHttp ? "" : " (pass --allow-http-registry if it is a plain-HTTP registry)";
    SSLException ssl = causeOfType(e, SSLException.class);
    if (ssl != null) {
      String message = String.valueOf(ssl.getMessage());
      String lower = message.toLowerCase(Locale.ROOT);
      if (lower.contains("unsupported or unrecognized ssl message")
          || lower.contains("plaintext")) {
        reason =
            "cannot reach "
                + host
                + " over HTTPS: it answered in plain HTTP; if you trust this registry, pass"
                + " --allow-http-registry";
      } else if (lower.contains("pkix")
          || lower.contains("certificate")
          || lower.contains("subject alternative")
          || lower.contains("no name matching")) {
        reason =
            "the TLS certificate of "
                + host
                + " is not trusted ("
                + message
                + "): add its CA to the Java trust store, or pass --allow-insecure-registry to skip"
                + " verification";
      } else {
        reason =
            "the TLS handshake with "
                + host
                + " failed ("
                + message
                + "); check that it serves HTTPS"
                + httpHint;
      }
    } else if (e instanceof HttpConnectTimeoutException) {
      reason =
          "cannot reach "
              + host
              + ": the connection timed out; check the address, a firewall or a proxy";
    } else if (e instanceof HttpTimeoutException) {
      reason =
          host
              + " did not answer within "
              + timeout.toSeconds()
              + " s; the registry may be overloaded, try again later";
    } else if (causeOfType(e, UnresolvedAddressException.class) != null
        || causeOfType(e, UnknownHostException.class) != null) {
      reason = "cannot resolve the host name of " + host + "; check the registry name and DNS";
    } else if (e instanceof ConnectException || causeOfType(e, ConnectException.class) != null) {
      reason =
          "cannot reach "
              + host
              + ": connection refused; is the registry running and is the address right?"
              + httpHint;
    } else {
      reason =
          "the connection to "
              + host
              + " broke after "
              + attempts
              + " attempt(s) ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "); the registry or a proxy closed it before answering fully, try again later";
    }
    return new RegistryException(
        Failure.UNREACHABLE, what + ": " + reason, registry, repository, 0, null, e);
  }

  RegistryException integrity(String what, String repository, String message) {
    return new RegistryException(
        Failure.INTEGRITY, what + ": " + message, registry, repository, 0, null, null);
  }

  RegistryException invalid(String what, String repository, String message, Throwable cause) {
    return new RegistryException(
        Failure.INVALID_INPUT, what + ": " + message, registry, repository, 0, null, cause);
  }

  RegistryException unauthorized(String what, String repository, int status, String message) {
    return new RegistryException(
        Failure.UNAUTHORIZED, what + ": " + message, registry, repository, status, null, null);
  }

  static byte[] readBounded(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      return in.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String registrySaid(ErrorBody error) {
    StringBuilder said = new StringBuilder();
    if (error.message() != null && !error.message().isBlank()) {
      said.append(error.message().strip());
    }
    if (error.detail() != null && !error.detail().isBlank() && !"null".equals(error.detail())) {
      if (!said.isEmpty()) {
        said.append("; ");
      }
      said.append(error.detail().strip());
    }
    if (said.isEmpty()) {
      return "";
    }
    String text = said.length() > 300 ? said.substring(0, 300) + "…" : said.toString();
    return " (registry said: " + text + ")";
  }

  private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
