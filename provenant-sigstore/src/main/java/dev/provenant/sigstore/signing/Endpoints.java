package dev.provenant.sigstore.signing;

import java.net.URI;

/** Where a service's API lives, given the URL a user typed. */
final class Endpoints {
  private Endpoints() {}

  /**
   * {@code base} with {@code path} appended: {@code https://fulcio.example} and {@code
   * https://fulcio.example/} both give {@code https://fulcio.example/api/v2/signingCert}, and a
   * base with a path prefix keeps it.
   */
  static URI resolve(URI base, String path) {
    String text = base.toString();
    return URI.create(text.endsWith("/") ? text + path : text + "/" + path);
  }

  /** Whether the user gave only a host (and maybe a slash), not a full endpoint URL. */
  static boolean isBase(URI uri) {
    String path = uri.getRawPath();
    return path == null || path.isEmpty() || path.equals("/");
  }
}
