package dev.provenant.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one JSON line per image decision to a file, or to standard output ({@code -}). Lines are
 * written whole and flushed, so that a log shipper tailing the file never reads half a line.
 */
public final class AuditLog implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    byte[] line = (toJson(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      try {
        out.write(line);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("the audit log cannot be written: " + e.getMessage(), e);
      }
    }
  }

  static String toJson(AuditEntry entry) {
    ObjectNode node = JSON.createObjectNode();
    node.put("time", entry.time().toString());
    node.put("endpoint", entry.endpoint());
    node.put("uid", entry.uid());
    node.put("namespace", entry.namespace());
    node.put("kind", entry.kind());
    node.put("name", entry.name());
    node.put("operation", entry.operation());
    entry.containers().forEach(node.putArray("containers")::add);
    node.put("image", entry.image());
    node.put("digest", entry.digest());
    node.put("decision", entry.decision());
    node.put("reason", entry.reason());
    var failed = node.putArray("failedRules");
    entry.failedRules().forEach(failed::add);
    var excluded = node.putArray("excluded");
    entry.excluded().forEach(excluded::add);
    node.put("dryRun", entry.dryRun());
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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
