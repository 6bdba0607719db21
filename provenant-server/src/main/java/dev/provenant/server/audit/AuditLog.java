package dev.provenant.server.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends one JSON line per image decision to a file, or to standard output ({@code -}). Lines are
 * written whole and flushed, so that a log shipper tailing the file never reads half a line.
 */
public final class AuditLog implements Closeable {
  private static final JsonFactory JSON = new JsonFactory();

  private final OutputStream out;
  private final boolean owned;

  private AuditLog(OutputStream out, boolean owned) {
    this.out = out;
    this.owned = owned;
  }

  /** The log at {@code target}: a file appended to, or {@code -} for standard output. */
  public static AuditLog open(String target) throws IOException {
    if (target.equals("-")) {
      return new AuditLog(System.out, false);
    }
    Path file = Path.of(target);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    return new AuditLog(
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        true);
  }

  public void record(AuditEntry entry) {
    byte[] line = toJsonLine(entry);
    synchronized (this) {
      try {
        out.write(line);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("the audit log cannot be written: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The entry as one line of JSON, newline included. Written with a streaming generator: a line per
   * decision is on the webhook's hot path, and a tree per line cost as much as the decision.
   */
  private static byte[] toJsonLine(AuditEntry entry) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(buffer)) {
      json.writeStartObject();
      json.writeStringField("time", entry.time().toString());
      json.writeStringField("endpoint", entry.endpoint());
      json.writeStringField("uid", entry.uid());
      json.writeStringField("namespace", entry.namespace());
      json.writeStringField("kind", entry.kind());
      json.writeStringField("name", entry.name());
      json.writeStringField("operation", entry.operation());
      array(json, "containers", entry.containers());
      json.writeStringField("image", entry.image());
      json.writeStringField("digest", entry.digest());
      json.writeStringField("decision", entry.decision());
      json.writeStringField("reason", entry.reason());
      array(json, "failedRules", entry.failedRules());
      array(json, "excluded", entry.excluded());
      json.writeBooleanField("dryRun", entry.dryRun());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer.write('\n');
    return buffer.toByteArray();
  }

  private static void array(JsonGenerator json, String name, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  @Override
  public void close() throws IOException {
    if (owned) {
      out.close();
    } else {
      out.flush();
    }
  }
}
