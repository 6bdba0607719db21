package dev.provenant.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.core.keys.InvalidKeyException;
import dev.provenant.core.keys.PublicKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@code {name, file | pem}} entries into keys: a file relative to the document that names
 * it, inline PEM, or (a policy key with only a name) a trusted key of the {@code PolicySettings}.
 * Every key file read is added to the revision, so editing a key changes it.
 */
final class KeyEntries {
  private final RevisionDigest revision;
  private final Map<String, KeyAuthority> trusted = new LinkedHashMap<>();

  KeyEntries(RevisionDigest revision) {
    this.revision = revision;
  }

  /** Reads a {@code spec.trustedKeys} entry and makes it available to policies by name. */
  void addTrusted(JsonNode entry, YamlPath path, DocumentProblems problems) {
    String name = entry.path("name").asText();
    if (trusted.containsKey(name)) {
      problems.add(path.field("name"), "trusted key '" + name + "' is defined twice");
      return;
    }
    if (entry.has("file") == entry.has("pem")) {
      problems.add(path, "give exactly one of file and pem");
      return;
    }
    read(name, entry, path, problems)
        .ifPresent(key -> trusted.put(name, new KeyAuthority(name, key.key(), key.origin())));
  }

  /** Reads a policy's {@code authorities.keys} entry. */
  Optional<KeyAuthority> policyKey(JsonNode entry, YamlPath path, DocumentProblems problems) {
    String name = entry.path("name").asText();
    if (entry.has("file") && entry.has("pem")) {
      problems.add(path, "give file or pem, not both");
      return Optional.empty();
    }
    if (entry.has("file") || entry.has("pem")) {
      return read(name, entry, path, problems);
    }
    KeyAuthority known = trusted.get(name);
    if (known == null) {
      problems.add(
          path.field("name"),
          "no trusted key named '"
              + name
              + "' ("
              + (trusted.isEmpty()
                  ? "no PolicySettings trustedKeys are defined"
                  : "trustedKeys: " + String.join(", ", trusted.keySet()))
              + "); give file or pem to name a key here");
      return Optional.empty();
    }
    return Optional.of(new KeyAuthority(name, known.key(), "trusted key " + name));
  }

  private Optional<KeyAuthority> read(
      String name, JsonNode entry, YamlPath path, DocumentProblems problems) {
    if (entry.has("pem")) {
      try {
        PublicKey key = PublicKeys.parsePem(entry.get("pem").asText());
        return Optional.of(new KeyAuthority(name, key, "inline PEM"));
      } catch (InvalidKeyException e) {
        problems.add(path.field("pem"), "not a public key: " + e.getMessage());
        return Optional.empty();
      }
    }
    String written = entry.get("file").asText();
    Path file;
    try {
      Path directory = problems.file().toAbsolutePath().getParent();
      file = directory.resolve(written).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      problems.add(path.field("file"), "'" + written + "' is not a valid path");
      return Optional.empty();
    }
    byte[] content;
    try {
      content = BoundedFiles.read(file);
    } catch (IOException e) {
      problems.add(path.field("file"), "key file " + file + ": " + e.getMessage());
      return Optional.empty();
    }
    revision.add(file, content);
    try {
      PublicKey key = PublicKeys.parsePem(new String(content, StandardCharsets.UTF_8));
      return Optional.of(new KeyAuthority(name, key, file.toString()));
    } catch (InvalidKeyException e) {
      problems.add(path.field("file"), "key file " + file + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
