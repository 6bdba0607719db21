package dev.provenant.sbom.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory seen as a root file system ({@code dir:PATH}): every regular file under it, with
 * paths relative to it written as absolute ({@code /etc/os-release}). Symbolic links are not
 * followed, so that a link to {@code /} cannot make the walk leave the directory or loop.
 */
public final class DirectoryFileSystem implements FileSystemView {
  private final Path root;

  private DirectoryFileSystem(Path root) {
    this.root = root;
  }

  /**
   * Opens {@code root}.
   *
   * @throws NoSuchFileException when it is not a directory
   */
  public static DirectoryFileSystem open(Path root) throws IOException {
    Path real = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(real)) {
      throw new NoSuchFileException(root + " is not a directory");
    }
    return new DirectoryFileSystem(real);
  }

  @Override
  public List<FileEntry> files() throws IOException {
    List<FileEntry> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          entries.add(entryOf(path));
        }
      }
    }
    entries.sort(Comparator.comparing(FileEntry::path));
    return entries;
  }

  @Override
  public Optional<FileEntry> file(String path) throws IOException {
    Path resolved = resolve(path);
    if (resolved == null || !Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(entryOf(resolved));
  }

  @Override
  public InputStream open(FileEntry file) throws IOException {
    Path resolved = resolve(file.path());
    if (resolved == null) {
      throw new NoSuchFileException(file.path());
    }
    return Files.newInputStream(resolved, LinkOption.NOFOLLOW_LINKS);
  }

  private Path resolve(String path) {
    String normalized = ImageFileSystem.normalize(path);
    Path resolved = root.resolve(normalized.substring(1)).normalize();
    return resolved.startsWith(root) ? resolved : null;
  }

  private FileEntry entryOf(Path path) throws IOException {
    String relative = root.relativize(path).toString().replace('\\', '/');
    return new FileEntry("/" + relative, Files.size(path), null);
  }
}
