package dev.provenant.server;

import dev.provenant.server.admission.AdmissionAnswer;
import dev.provenant.server.admission.AdmissionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An admission request's body, read up to the size limit: the bytes, or the 400 answer to give
 * instead when the body is over the limit or the connection failed while it was read.
 *
 * @param bytes the body, or null when {@code refusal} is given
 * @param refusal the answer to send instead, or null
 */
record RequestBody(byte[] bytes, AdmissionAnswer refusal) {
  static RequestBody read(InputStream in, long limit) {
    byte[] bytes;
    try (in) {
      // One byte past the limit tells an oversized body from one of exactly the limit.
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    } catch (IOException | UncheckedIOException e) {
      return new RequestBody(null, AdmissionHandler.unreadableBody(e.getMessage()));
    }
    if (bytes.length > limit) {
      return new RequestBody(null, AdmissionHandler.tooLarge(limit));
    }
    return new RequestBody(bytes, null);
  }
}
