package dev.provenant.sbom.catalog;

import dev.provenant.sbom.fs.FileSystemView;
import dev.provenant.sbom.model.Component;
import java.io.IOException;
import java.util.List;

/** Finds the packages of one ecosystem in a file system (dpkg, apk, Java archives, npm…). */
public interface Cataloger {

  /** A short name, recorded as each component's {@code foundBy}: {@code dpkg}. */
  String name();

  /** The components found; a malformed metadata file is skipped, never fatal. */
  List<Component> catalog(FileSystemView files) throws IOException;
}
