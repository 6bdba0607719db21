package dev.provenant.sbom.output;

import dev.provenant.sbom.model.Component;
import dev.provenant.sbom.model.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * Writes components as a CycloneDX 1.6 JSON document, with cyclonedx-core-java.
 *
 * <p>Each component's {@code bom-ref} is its purl (or a name-based reference without one); its
 * licences are written as names, since dpkg's DEP-5 short names are not always SPDX identifiers;
 * where it was found rides in the properties {@code provenant:location} and {@code
 * provenant:layer}. The serial number is derived from the content, so that the same image gives the
 * same document apart from its timestamp.
 *
 * @see <a href="https://cyclonedx.org/docs/1.6/json/">CycloneDX 1.6 JSON reference</a>
 */
public final class CycloneDxWriter {
  /** The property naming the file a component's metadata was read from. */
  public static final String LOCATION_PROPERTY = "provenant:location";

  /** The property naming the image layer that last wrote that file. */
  public static final String LAYER_PROPERTY = "provenant:layer";

  private final Clock clock;
  private final String toolVersion;

  /**
   * @param clock the source of {@code metadata.timestamp}
   * @param toolVersion Provenant's version, recorded in {@code metadata.tools}
   */
  public CycloneDxWriter(Clock clock, String toolVersion) {
    this.clock = clock;
    this.toolVersion = toolVersion;
  }

  /** The CycloneDX JSON for {@code components} found in {@code subject}. */
  public String write(Subject subject, List<Component> components) throws SbomWriteException {
    Bom bom = new Bom();
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(clock.instant()));
    org.cyclonedx.model.Component tool = new org.cyclonedx.model.Component();
    tool.setType(org.cyclonedx.model.Component.Type.APPLICATION);
    tool.setName("provenant");
    tool.setVersion(toolVersion);
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);
    org.cyclonedx.model.Component root = new org.cyclonedx.model.Component();
    root.setType(type(subject.type()));
    root.setName(subject.name());
    root.setVersion(subject.version());
    root.setPurl(subject.purl());
    root.setBomRef(subject.purl() != null ? subject.purl() : "subject:" + subject.name());
    metadata.setComponent(root);
    bom.setMetadata(metadata);

    StringBuilder identity = new StringBuilder(String.valueOf(root.getBomRef()));
    List<org.cyclonedx.model.Component> written = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (Component component : components) {
      org.cyclonedx.model.Component c = new org.cyclonedx.model.Component();
      c.setType(type(component.type()));
      c.setName(component.name());
      c.setVersion(component.version());
      c.setPurl(component.purl());
      String ref = bomRef(component, refs.size());
      // bom-ref must be unique in a document; a repeated purl gets a suffix.
      if (refs.contains(ref)) {
        ref = ref + "#" + refs.size();
      }
      refs.add(ref);
      c.setBomRef(ref);
      if (!component.licenses().isEmpty()) {
        LicenseChoice choice = new LicenseChoice();
        for (String name : component.licenses()) {
          License license = new License();
          license.setName(name);
          choice.addLicense(license);
        }
        c.setLicenses(choice);
      }
      List<Hash> hashes = new ArrayList<>();
      for (Map.Entry<String, String> hash : component.hashes().entrySet()) {
        hashes.add(new Hash(hash.getKey(), hash.getValue()));
      }
      if (!hashes.isEmpty()) {
        c.setHashes(hashes);
      }
      List<Property> properties = new ArrayList<>();
      properties.add(new Property("provenant:foundBy", component.foundBy()));
      if (component.layer() != null) {
        properties.add(new Property(LAYER_PROPERTY, component.layer().toString()));
      }
      if (component.location() != null) {
        properties.add(new Property(LOCATION_PROPERTY, component.location()));
      }
      c.setProperties(properties);
      written.add(c);
      identity.append('\n').append(ref);
    }
    bom.setComponents(written);
    bom.setSerialNumber(
        "urn:uuid:" + UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8)));
    try {
      return BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString(true);
    } catch (GeneratorException e) {
      throw new SbomWriteException("cannot write the CycloneDX document: " + e.getMessage(), e);
    }
  }

  private static String bomRef(Component component, int index) {
    if (component.purl() != null) {
      return component.purl();
    }
    return component.foundBy() + ":" + component.name() + "@" + component.version();
  }

  private static org.cyclonedx.model.Component.Type type(String name) {
    for (org.cyclonedx.model.Component.Type type : org.cyclonedx.model.Component.Type.values()) {
      if (type.getTypeName().equals(name.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    return org.cyclonedx.model.Component.Type.LIBRARY;
  }
}
