package dev.provenant.sbom.catalog;

import dev.provenant.sbom.fs.FileEntry;
import dev.provenant.sbom.fs.FileSystemView;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** An in-memory file system for cataloger tests: bytes, or real files read when opened. */
final class MapFileSystem implements FileSystemView {

  private final TreeMap<String, byte[]> contents = new TreeMap<>();
  private final TreeMap<String, Path> realFiles = new TreeMap<>();

  MapFileSystem put(String path, byte[] content) {
    contents.put(path, content);
    realFiles.remove(path);
    return this;
  }

  MapFileSystem put(String path, String content) {
    return put(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Mounts a real file at {@code path}; its bytes are read only when it is opened. */
  MapFileSystem putFile(String path, Path file) {
    realFiles.put(path, file);
    contents.remove(path);
    return this;
  }

  /**
   * Mounts the regular files under {@code directory} that {@code include} accepts at {@code at}.
   */
  MapFileSystem putTree(String at, Path directory, Predicate<Path> include) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.filter(Files::isRegularFile)
          .filter(include)
          .forEach(
              file -> {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                putFile(at + "/" + relative, file);
              });
    }
    return this;
  }

  @Override
  public List<FileEntry> files() {
    TreeMap<String, FileEntry> all = new TreeMap<>();
    contents.forEach((path, bytes) -> all.put(path, new FileEntry(path, bytes.length, null)));
    realFiles.forEach(
        (path, file) -> {
          try {
            all.put(path, new FileEntry(path, Files.size(file), null));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return new ArrayList<>(all.values());
  }

  @Override
  public Optional<FileEntry> file(String path) {
    byte[] bytes = contents.get(path);
    if (bytes != null) {
      return Optional.of(new FileEntry(path, bytes.length, null));
    }
    Path real = realFiles.get(path);
    if (real == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new FileEntry(path, Files.size(real), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open(FileEntry file) throws IOException {
    byte[] bytes = contents.get(file.path());
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    Path real = realFiles.get(file.path());
    if (real == null) {
      throw new IOException(file.path() + " does not exist");
    }
    return Files.newInputStream(real);
  }
}
