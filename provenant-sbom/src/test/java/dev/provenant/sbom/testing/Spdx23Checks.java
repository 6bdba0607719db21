package dev.provenant.sbom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The structural rules of the SPDX 2.3 JSON schema ({@code spdx-schema.json} of spdx-spec, "SPDX
 * 2.3.1") for the parts Provenant writes, written out by hand since the schema cannot be fetched in
 * the build: the required properties of the document, {@code creationInfo}, packages, checksums,
 * external references and relationships; {@code additionalProperties: false} at each of those
 * levels; the enums of checksum algorithms, reference categories, package purposes and the
 * relationship types used; the date pattern and the SPDXID pattern {@code
 * ^SPDXRef-[a-zA-Z0-9.-]+$}. On top of the schema, the spec's own rules: {@code spdxVersion} {@code
 * SPDX-2.3}, {@code dataLicense} {@code CC0-1.0}, document SPDXID {@code SPDXRef-DOCUMENT}, unique
 * SPDXIDs, and relationships that name elements of the document.
 */
public final class Spdx23Checks {
  private static final Set<String> DOCUMENT_REQUIRED =
      Set.of("SPDXID", "creationInfo", "dataLicense", "name", "spdxVersion", "documentNamespace");
  private static final Set<String> DOCUMENT_ALLOWED =
      Set.of(
          "$schema",
          "SPDXID",
          "annotations",
          "comment",
          "creationInfo",
          "dataLicense",
          "externalDocumentRefs",
          "hasExtractedLicensingInfos",
          "name",
          "revieweds",
          "spdxVersion",
          "documentNamespace",
          "documentDescribes",
          "packages",
          "files",
          "snippets",
          "relationships");
  private static final Set<String> CREATION_REQUIRED = Set.of("created", "creators");
  private static final Set<String> CREATION_ALLOWED =
      Set.of("comment", "created", "creators", "licenseListVersion");
  private static final Set<String> PACKAGE_REQUIRED = Set.of("SPDXID", "downloadLocation", "name");
  private static final Set<String> PACKAGE_ALLOWED =
      Set.of(
          "SPDXID",
          "annotations",
          "attributionTexts",
          "builtDate",
          "checksums",
          "comment",
          "copyrightText",
          "description",
          "downloadLocation",
          "externalRefs",
          "filesAnalyzed",
          "hasFiles",
          "homepage",
          "licenseComments",
          "licenseConcluded",
          "licenseDeclared",
          "licenseInfoFromFiles",
          "name",
          "originator",
          "packageFileName",
          "packageVerificationCode",
          "primaryPackagePurpose",
          "releaseDate",
          "sourceInfo",
          "summary",
          "supplier",
          "validUntilDate",
          "versionInfo");
  private static final Set<String> CHECKSUM_FIELDS = Set.of("algorithm", "checksumValue");
  private static final Set<String> ALGORITHMS =
      Set.of(
          "SHA1",
          "BLAKE3",
          "SHA3-384",
          "SHA256",
          "SHA384",
          "BLAKE2b-512",
          "BLAKE2b-256",
          "SHA3-512",
          "MD2",
          "ADLER32",
          "MD4",
          "SHA3-256",
          "BLAKE2b-384",
          "SHA512",
          "MD6",
          "MD5",
          "SHA224");
  private static final Set<String> REF_REQUIRED =
      Set.of("referenceCategory", "referenceLocator", "referenceType");
  private static final Set<String> REF_ALLOWED =
      Set.of("comment", "referenceCategory", "referenceLocator", "referenceType");
  private static final Set<String> CATEGORIES =
      Set.of(
          "OTHER",
          "PERSISTENT-ID",
          "PERSISTENT_ID",
          "SECURITY",
          "PACKAGE-MANAGER",
          "PACKAGE_MANAGER");
  private static final Set<String> PURPOSES =
      Set.of(
          "OTHER",
          "INSTALL",
          "ARCHIVE",
          "FIRMWARE",
          "APPLICATION",
          "FRAMEWORK",
          "LIBRARY",
          "CONTAINER",
          "SOURCE",
          "DEVICE",
          "OPERATING-SYSTEM",
          "FILE");
  private static final Set<String> RELATIONSHIP_REQUIRED =
      Set.of("spdxElementId", "relatedSpdxElement", "relationshipType");
  private static final Set<String> RELATIONSHIP_ALLOWED =
      Set.of("spdxElementId", "comment", "relatedSpdxElement", "relationshipType");

  /** The relationship types of the schema's enum that Provenant has a use for. */
  private static final Set<String> RELATIONSHIP_TYPES =
      Set.of("DESCRIBES", "CONTAINS", "DEPENDS_ON", "DEPENDENCY_OF", "CONTAINED_BY", "OTHER");

  private static final Pattern DATE =
      Pattern.compile(
          "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]|23:59:60)Z$");
  private static final Pattern SPDXID = Pattern.compile("^SPDXRef-[a-zA-Z0-9.-]+$");
  private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]+$");

  private Spdx23Checks() {}

  /** Every rule broken by {@code document}, as readable messages; empty when it conforms. */
  public static List<String> problems(JsonNode document) {
    List<String> problems = new ArrayList<>();
    object(document, "document", DOCUMENT_REQUIRED, DOCUMENT_ALLOWED, problems);
    expect(document, "spdxVersion", "SPDX-2.3", problems);
    expect(document, "dataLicense", "CC0-1.0", problems);
    expect(document, "SPDXID", "SPDXRef-DOCUMENT", problems);
    String namespace = document.path("documentNamespace").asText();
    if (!namespace.matches("^[a-z][a-z0-9+.-]*://[^#\\s]+$")) {
      problems.add("documentNamespace is not an absolute URI without '#': " + namespace);
    }
    JsonNode creation = document.path("creationInfo");
    object(creation, "creationInfo", CREATION_REQUIRED, CREATION_ALLOWED, problems);
    if (!DATE.matcher(creation.path("created").asText()).matches()) {
      problems.add("creationInfo.created is not a UTC date-time: " + creation.path("created"));
    }
    if (!creation.path("creators").isArray() || creation.path("creators").isEmpty()) {
      problems.add("creationInfo.creators needs at least one entry");
    }
    for (JsonNode creator : creation.path("creators")) {
      if (!creator.asText().matches("^(Tool|Organization|Person): .+")) {
        problems.add("creator is not 'Tool|Organization|Person: …': " + creator);
      }
    }

    Set<String> ids = new HashSet<>();
    ids.add("SPDXRef-DOCUMENT");
    int index = 0;
    for (JsonNode pkg : document.path("packages")) {
      String where = "packages[" + index++ + "]";
      object(pkg, where, PACKAGE_REQUIRED, PACKAGE_ALLOWED, problems);
      String id = pkg.path("SPDXID").asText();
      if (!SPDXID.matcher(id).matches()) {
        problems.add(where + ".SPDXID is not SPDXRef-[a-zA-Z0-9.-]+: " + id);
      }
      if (!ids.add(id)) {
        problems.add(where + ".SPDXID is not unique: " + id);
      }
      if (pkg.has("filesAnalyzed") && !pkg.path("filesAnalyzed").isBoolean()) {
        problems.add(where + ".filesAnalyzed is not a boolean");
      }
      if (pkg.has("primaryPackagePurpose")
          && !PURPOSES.contains(pkg.path("primaryPackagePurpose").asText())) {
        problems.add(where + ".primaryPackagePurpose: " + pkg.path("primaryPackagePurpose"));
      }
      for (String text :
          List.of(
              "name",
              "versionInfo",
              "downloadLocation",
              "licenseConcluded",
              "licenseDeclared",
              "copyrightText",
              "comment",
              "sourceInfo")) {
        if (pkg.has(text) && !pkg.path(text).isTextual()) {
          problems.add(where + "." + text + " is not a string");
        }
      }
      for (JsonNode checksum : pkg.path("checksums")) {
        object(checksum, where + ".checksums[]", CHECKSUM_FIELDS, CHECKSUM_FIELDS, problems);
        if (!ALGORITHMS.contains(checksum.path("algorithm").asText())) {
          problems.add(where + ".checksums[].algorithm: " + checksum.path("algorithm"));
        }
        if (!HEX.matcher(checksum.path("checksumValue").asText()).matches()) {
          problems.add(where + ".checksums[].checksumValue is not hex");
        }
      }
      for (JsonNode ref : pkg.path("externalRefs")) {
        object(ref, where + ".externalRefs[]", REF_REQUIRED, REF_ALLOWED, problems);
        if (!CATEGORIES.contains(ref.path("referenceCategory").asText())) {
          problems.add(
              where + ".externalRefs[].referenceCategory: " + ref.path("referenceCategory"));
        }
        if (ref.path("referenceLocator").asText().contains(" ")) {
          problems.add(where + ".externalRefs[].referenceLocator has a space");
        }
      }
    }
    for (JsonNode described : document.path("documentDescribes")) {
      if (!ids.contains(described.asText())) {
        problems.add("documentDescribes names an unknown element: " + described);
      }
    }
    for (JsonNode relationship : document.path("relationships")) {
      object(relationship, "relationship", RELATIONSHIP_REQUIRED, RELATIONSHIP_ALLOWED, problems);
      if (!RELATIONSHIP_TYPES.contains(relationship.path("relationshipType").asText())) {
        problems.add("relationshipType: " + relationship.path("relationshipType"));
      }
      for (String end : List.of("spdxElementId", "relatedSpdxElement")) {
        String id = relationship.path(end).asText();
        if (!ids.contains(id) && !id.equals("NONE") && !id.equals("NOASSERTION")) {
          problems.add("relationship " + end + " names an unknown element: " + id);
        }
      }
    }
    return problems;
  }

  private static void expect(JsonNode node, String field, String value, List<String> problems) {
    if (!value.equals(node.path(field).asText())) {
      problems.add(field + " must be " + value + ", is " + node.path(field));
    }
  }

  private static void object(
      JsonNode node, String where, Set<String> required, Set<String> allowed, List<String> out) {
    if (!node.isObject()) {
      out.add(where + " is not an object");
      return;
    }
    for (String field : required) {
      if (!node.has(field) || node.path(field).isNull()) {
        out.add(where + " lacks required " + field);
      }
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!allowed.contains(entry.getKey())) {
        out.add(where + " has a property the schema does not allow: " + entry.getKey());
      }
    }
  }
}
