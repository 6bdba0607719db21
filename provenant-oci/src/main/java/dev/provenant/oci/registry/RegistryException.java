package dev.provenant.oci.registry;

import dev.provenant.oci.image.ImageAccessException;
import java.util.Optional;

/**
 * Thrown when a registry request fails. The message says what failed and what the user can do; the
 * fields carry the registry, the repository, the HTTP status and the registry's own error code
 * (such as {@code MANIFEST_UNKNOWN} or {@code DENIED}) for JSON output.
 *
 * @see <a
 *     href="https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes">distribution-spec,
 *     error codes</a>
 */
public final class RegistryException extends ImageAccessException {
  private final String registry;
  private final String repository;
  private final int httpStatus;
  private final String errorCode;

  RegistryException(
      Failure failure,
      String message,
      String registry,
      String repository,
      int httpStatus,
      String errorCode,
      Throwable cause) {
    super(failure, message, cause);
    this.registry = registry;
    this.repository = repository;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The registry, as in {@code ImageReference.registry()}. */
  public String registry() {
    return registry;
  }

  /** The repository the request was about; empty for registry-wide requests. */
  public Optional<String> repository() {
    return Optional.ofNullable(repository);
  }

  /** The HTTP status the registry answered with; 0 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's error code, such as {@code MANIFEST_UNKNOWN}; empty when it sent none. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }
}
