package dev.provenant.sbom.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes components as an SPDX 2.3 JSON document, with Jackson.
 *
 * <p>The subject (image or directory) is one package, described by the document; each component is
 * a package the subject {@code CONTAINS}, with its purl as a {@code PACKAGE-MANAGER} external
 * reference. A component's licences become {@code licenseDeclared} only when each is a valid SPDX
 * expression of known identifiers (see {@link SpdxLicenses}); otherwise {@code licenseDeclared} is
 * {@code NOASSERTION} and the licences as written ride in the package {@code comment}. Where the
 * component was found (cataloger, file, layer) is its {@code sourceInfo}. The document namespace
 * holds a name-based UUID of everything but the creation time, so the same image gives the same
 * document apart from {@code creationInfo.created}.
 *
 * @see <a href="https://spdx.github.io/spdx-spec/v2.3/">SPDX 2.3 specification</a>
 */
public final class SpdxWriter {
  /** Where document namespaces live; a namespace is a URI, it need not resolve. */
  public static final String NAMESPACE_BASE = "https://provenant.dev/spdx/";

  static final String NOASSERTION = "NOASSERTION";
  static final String SUBJECT_ID = "SPDXRef-Subject";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** CycloneDX hash names (as {@link Component#hashes()} uses them) to SPDX checksum algorithms. */
  private static final Map<String, String> ALGORITHMS =
      Map.of(
          "SHA-1", "SHA1",
          "SHA-256", "SHA256",
          "SHA-384", "SHA384",
          "SHA-512", "SHA512",
          "MD5", "MD5",
          "SHA3-256", "SHA3-256",
          "SHA3-384", "SHA3-384",
          "SHA3-512", "SHA3-512");

  private static final Map<String, String> PURPOSES =
      Map.of(
          "library", "LIBRARY",
          "application", "APPLICATION",
          "framework", "FRAMEWORK",
          "operating-system", "OPERATING-SYSTEM",
          "file", "FILE",
          "container", "CONTAINER",
          "firmware", "FIRMWARE",
          "device", "DEVICE");

  private final Clock clock;
  private final String toolVersion;

  /**
   * @param clock the source of {@code creationInfo.created}
   * @param toolVersion Provenant's version, recorded in {@code creationInfo.creators}
   */
  public SpdxWriter(Clock clock, String toolVersion) {
    this.clock = clock;
    this.toolVersion = toolVersion;
  }

  /** The SPDX JSON for {@code components} found in {@code subject}. */
  public String write(Subject subject, List<Component> components) throws SbomWriteException {
    ObjectNode root = JSON.createObjectNode();
    root.put("spdxVersion", "SPDX-2.3");
    root.put("dataLicense", "CC0-1.0");
    root.put("SPDXID", "SPDXRef-DOCUMENT");
    root.put("name", subject.name());
    ObjectNode creation = JSON.createObjectNode();
    creation.putArray("creators").add("Tool: provenant-" + toolVersion);
    root.putArray("documentDescribes").add(SUBJECT_ID);

    ArrayNode packages = root.putArray("packages");
    packages.add(subjectPackage(subject));
    Set<String> ids = new HashSet<>();
    ids.add(SUBJECT_ID);
    ArrayNode relationships = JSON.createArrayNode();
    relationships.add(relationship("SPDXRef-DOCUMENT", "DESCRIBES", SUBJECT_ID));
    for (Component component : components) {
      String id = uniqueId(component, ids);
      packages.add(componentPackage(id, component));
      relationships.add(relationship(SUBJECT_ID, "CONTAINS", id));
    }
    root.set("relationships", relationships);

    // Everything so far is the content; the namespace is derived from it, then the time is added.
    String content;
    try {
      content = JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new SbomWriteException("cannot write the SPDX document: " + e.getMessage(), e);
    }
    UUID uuid = UUID.nameUUIDFromBytes(content.getBytes(StandardCharsets.UTF_8));
    String namespace = NAMESPACE_BASE + uriSegment(subject.name()) + "-" + uuid;

    ObjectNode document = JSON.createObjectNode();
    root.properties()
        .forEach(
            e -> {
              document.set(e.getKey(), e.getValue());
              if (e.getKey().equals("name")) {
                document.put("documentNamespace", namespace);
                creation.put(
                    "created",
                    DateTimeFormatter.ISO_INSTANT.format(
                        clock.instant().truncatedTo(ChronoUnit.SECONDS)));
                document.set("creationInfo", creation);
              }
            });
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new SbomWriteException("cannot write the SPDX document: " + e.getMessage(), e);
    }
  }

  private static ObjectNode subjectPackage(Subject subject) {
    ObjectNode p = JSON.createObjectNode();
    p.put("SPDXID", SUBJECT_ID);
    p.put("name", subject.name());
    if (subject.version() != null) {
      p.put("versionInfo", subject.version());
    }
    p.put("downloadLocation", NOASSERTION);
    p.put("filesAnalyzed", false);
    digestChecksum(subject.version()).ifPresent(checksum -> p.putArray("checksums").add(checksum));
    p.put("licenseConcluded", NOASSERTION);
    p.put("licenseDeclared", NOASSERTION);
    p.put("copyrightText", NOASSERTION);
    if (subject.purl() != null) {
      p.putArray("externalRefs").add(purlRef(subject.purl()));
    }
    String purpose = PURPOSES.get(subject.type());
    // A directory is neither a file nor a container: no purpose rather than a wrong one.
    if (purpose != null && !subject.type().equals("file")) {
      p.put("primaryPackagePurpose", purpose);
    }
    return p;
  }

  /** {@code sha256:<hex>} (an image's manifest digest) as an SPDX checksum. */
  private static Optional<ObjectNode> digestChecksum(String digest) {
    if (digest == null) {
      return Optional.empty();
    }
    int colon = digest.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String algorithm =
        switch (digest.substring(0, colon)) {
          case "sha256" -> "SHA256";
          case "sha512" -> "SHA512";
          default -> null;
        };
    String hex = digest.substring(colon + 1);
    if (algorithm == null || !hex.matches("[0-9a-f]+")) {
      return Optional.empty();
    }
    return Optional.of(checksum(algorithm, hex));
  }

  private static ObjectNode componentPackage(String id, Component component) {
    ObjectNode p = JSON.createObjectNode();
    p.put("SPDXID", id);
    p.put("name", component.name());
    if (component.version() != null) {
      p.put("versionInfo", component.version());
    }
    p.put("downloadLocation", NOASSERTION);
    p.put("filesAnalyzed", false);
    Map<String, String> sorted = new TreeMap<>(component.hashes());
    ArrayNode checksums = JSON.createArrayNode();
    sorted.forEach(
        (name, value) -> {
          String algorithm = ALGORITHMS.get(name.toUpperCase(Locale.ROOT));
          if (algorithm != null && value.matches("[0-9a-fA-F]+")) {
            checksums.add(checksum(algorithm, value.toLowerCase(Locale.ROOT)));
          }
        });
    if (!checksums.isEmpty()) {
      p.set("checksums", checksums);
    }
    p.put("sourceInfo", sourceInfo(component));
    p.put("licenseConcluded", NOASSERTION);
    Optional<String> declared = SpdxLicenses.conjunction(component.licenses());
    p.put("licenseDeclared", declared.orElse(NOASSERTION));
    if (declared.isEmpty() && !component.licenses().isEmpty()) {
      p.put(
          "comment",
          "declared licences, not SPDX expressions: " + String.join("; ", component.licenses()));
    }
    p.put("copyrightText", NOASSERTION);
    if (component.purl() != null) {
      p.putArray("externalRefs").add(purlRef(component.purl()));
    }
    String purpose = PURPOSES.get(component.type().toLowerCase(Locale.ROOT));
    if (purpose != null) {
      p.put("primaryPackagePurpose", purpose);
    }
    return p;
  }

  private static String sourceInfo(Component component) {
    StringBuilder info = new StringBuilder("found by the ").append(component.foundBy());
    info.append(" cataloger");
    if (component.location() != null) {
      info.append(" in ").append(component.location());
    }
    if (component.layer() != null) {
      info.append(" (layer ").append(component.layer()).append(')');
    }
    return info.toString();
  }

  /**
   * {@code SPDXRef-Package-<cataloger>-<name>-<version>}, with every character but letters, digits,
   * '.' and '-' replaced by '-', and a counter appended when that is already taken.
   */
  private static String uniqueId(Component component, Set<String> taken) {
    String base =
        "SPDXRef-Package-"
            + idString(
                component.foundBy()
                    + "-"
                    + component.name()
                    + (component.version() != null ? "-" + component.version() : ""));
    String id = base;
    for (int n = 2; !taken.add(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  static String idString(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
      out.append(ok ? c : '-');
    }
    return out.isEmpty() ? "unnamed" : out.toString();
  }

  private static String uriSegment(String name) {
    String segment = idString(name).replaceAll("-{2,}", "-").replaceAll("^[-.]+|[-.]+$", "");
    return segment.isEmpty() ? "sbom" : segment;
  }

  private static ObjectNode checksum(String algorithm, String value) {
    ObjectNode c = JSON.createObjectNode();
    c.put("algorithm", algorithm);
    c.put("checksumValue", value);
    return c;
  }

  private static ObjectNode purlRef(String purl) {
    ObjectNode ref = JSON.createObjectNode();
    ref.put("referenceCategory", "PACKAGE-MANAGER");
    ref.put("referenceType", "purl");
    ref.put("referenceLocator", purl);
    return ref;
  }

  private static ObjectNode relationship(String from, String type, String to) {
    ObjectNode r = JSON.createObjectNode();
    r.put("spdxElementId", from);
    r.put("relationshipType", type);
    r.put("relatedSpdxElement", to);
    return r;
  }
}
