package dev.provenant.oci.registry;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Uploads one blob: monolithically (POST, then PUT with the bytes) when small, in PATCH chunks with
 * {@code Content-Range} when large, so that memory stays bounded and a registry's body-size limit
 * is respected.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#pushing-blobs">distribution-spec,
 *     pushing blobs</a>
 */
final class BlobUploader {
  private final RegistryHttp http;
  private final int chunkSize;

  BlobUploader(RegistryHttp http, int chunkSize) {
    this.http = http;
    this.chunkSize = chunkSize;
  }

  void upload(String repository, Digest digest, long size, BlobContent content, String what)
      throws RegistryException {
    if (size <= chunkSize) {
      monolithic(repository, digest, size, content, what);
    } else {
      chunked(repository, digest, size, content, what);
    }
  }

  private void monolithic(
      String repository, Digest digest, long size, BlobContent content, String what)
      throws RegistryException {
    byte[] bytes;
    try (InputStream in = content.open()) {
      bytes = in.readNBytes((int) size + 1);
    } catch (IOException e) {
      throw http.errors()
          .invalid(what, repository, "cannot read the content to push: " + e.getMessage(), e);
    }
    if (bytes.length != size) {
      throw http.errors()
          .integrity(
              what,
              repository,
              "the content to push is "
                  + (bytes.length > size ? "longer" : "shorter")
                  + " than the declared "
                  + size
                  + " bytes; nothing was pushed");
    }
    Digest actual = Digest.compute(digest.algorithm(), bytes);
    if (!actual.equals(digest)) {
      throw http.errors()
          .integrity(
              what,
              repository,
              "the content to push hashes to "
                  + actual
                  + ", not its declared digest; nothing was pushed");
    }
    URI location = start(repository, what);
    finish(repository, location, digest, bytes, what);
  }

  private void chunked(
      String repository, Digest digest, long size, BlobContent content, String what)
      throws RegistryException {
    URI location = start(repository, what);
    long offset = 0;
    try (InputStream raw = content.open();
        DigestingInputStream in = new DigestingInputStream(raw, digest.algorithm())) {
      while (true) {
        byte[] chunk = in.readNBytes(chunkSize);
        if (chunk.length == 0) {
          break;
        }
        if (offset + chunk.length > size) {
          cancel(repository, location, what);
          throw http.errors()
              .integrity(
                  what,
                  repository,
                  "the content to push is longer than the declared "
                      + size
                      + " bytes; the upload was cancelled");
        }
        location = patch(repository, location, chunk, offset, what);
        offset += chunk.length;
      }
      if (offset != size) {
        cancel(repository, location, what);
        throw http.errors()
            .integrity(
                what,
                repository,
                "the content to push has "
                    + offset
                    + " bytes, not the declared "
                    + size
                    + "; the upload was cancelled");
      }
      Digest actual = in.digest();
      if (!actual.equals(digest)) {
        cancel(repository, location, what);
        throw http.errors()
            .integrity(
                what,
                repository,
                "the content to push hashes to "
                    + actual
                    + ", not its declared digest; the upload was cancelled");
      }
    } catch (IOException e) {
      cancel(repository, location, what);
      throw http.errors()
          .invalid(what, repository, "cannot read the content to push: " + e.getMessage(), e);
    }
    finish(repository, location, digest, new byte[0], what);
  }

  /** Opens an upload session; returns where to send the bytes. */
  private URI start(String repository, String what) throws RegistryException {
    return sendForLocation(
        uploadCall(
            "POST",
            http.base().resolve("/v2/" + repository + "/blobs/uploads/"),
            List.of(),
            BodyPublishers.noBody(),
            true,
            what,
            repository));
  }

  private URI patch(String repository, URI location, byte[] chunk, long offset, String what)
      throws RegistryException {
    return sendForLocation(
        uploadCall(
            "PATCH",
            location,
            List.of(
                "Content-Type",
                "application/octet-stream",
                "Content-Range",
                offset + "-" + (offset + chunk.length - 1)),
            BodyPublishers.ofByteArray(chunk),
            // A chunk the registry may have half-written cannot simply be sent again.
            false,
            what,
            repository));
  }

  private void finish(String repository, URI location, Digest digest, byte[] bytes, String what)
      throws RegistryException {
    String separator = location.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(location + separator + "digest=" + digest);
    RegistryHttp.Call call =
        uploadCall(
            "PUT",
            put,
            List.of("Content-Type", "application/octet-stream"),
            BodyPublishers.ofByteArray(bytes),
            true,
            what,
            repository);
    http.exchange(
        call,
        (response, attempts) -> {
          if (response.statusCode() != 201) {
            throw http.failure(response, call, attempts);
          }
          RegistryErrors.readBounded(response);
          return null;
        });
  }

  /** Abandons an upload session; the registry would expire it anyway, so failures are ignored. */
  void cancel(String repository, URI location, String what) {
    RegistryHttp.Call call =
        uploadCall("DELETE", location, List.of(), null, false, what, repository);
    try {
      http.exchange(
          call,
          (response, attempts) -> {
            RegistryErrors.readBounded(response);
            return null;
          });
    } catch (RegistryException ignored) {
      // Best effort only.
    }
  }

  /** A request of the upload session, with push access; redirects are not followed. */
  private RegistryHttp.Call uploadCall(
      String method,
      URI uri,
      List<String> headers,
      BodyPublisher body,
      boolean idempotent,
      String what,
      String repository) {
    return new RegistryHttp.Call(
        method,
        uri,
        headers,
        body,
        List.of(RegistryClient.scope(repository, Access.PUSH)),
        Access.PUSH,
        idempotent,
        false,
        what,
        repository);
  }

  /** Sends a POST or PATCH of the upload session; returns where to send the next bytes. */
  private URI sendForLocation(RegistryHttp.Call call) throws RegistryException {
    return http.exchange(
        call,
        (response, attempts) -> {
          if (response.statusCode() != 202) {
            throw http.failure(response, call, attempts);
          }
          RegistryErrors.readBounded(response);
          return location(response, call, call.what(), call.repository());
        });
  }

  private URI location(
      HttpResponse<?> response, RegistryHttp.Call call, String what, String repository)
      throws RegistryException {
    String location = response.headers().firstValue("Location").orElse(null);
    if (location == null || location.isBlank()) {
      throw http.errors()
          .invalid(what, repository, "the registry started an upload but sent no Location", null);
    }
    try {
      return call.uri().resolve(location);
    } catch (IllegalArgumentException e) {
      throw http.errors()
          .invalid(what, repository, "the registry sent a malformed upload Location", e);
    }
  }
}
