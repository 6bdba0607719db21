package dev.provenant.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Reads the {@code kind: PolicySettings} document: what happens to unmatched images, and the named
 * keys policies may refer to.
 */
final class PolicySettingsReader {
  private static final YamlPath SPEC = YamlPath.ROOT.field("spec");

  private PolicySettingsReader() {}

  /** Reads {@code spec}, adding its trusted keys to {@code keys}. */
  static UnmatchedImages read(YamlDocument document, DocumentProblems problems, KeyEntries keys) {
    JsonNode spec = document.root().path("spec");
    JsonNode trustedKeys = spec.path("trustedKeys");
    for (int i = 0; i < trustedKeys.size(); i++) {
      keys.addTrusted(trustedKeys.get(i), SPEC.field("trustedKeys").index(i), problems);
    }
    return spec.has("unmatchedImages")
        ? UnmatchedImages.valueOf(spec.get("unmatchedImages").asText().toUpperCase(Locale.ROOT))
        : UnmatchedImages.DENY;
  }
}
