package dev.provenant.sbom.output;

/** An SBOM could not be written in the format asked for. */
public final class SbomWriteException extends Exception {
  public SbomWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
