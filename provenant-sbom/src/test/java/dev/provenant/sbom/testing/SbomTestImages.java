package dev.provenant.sbom.testing;

import dev.provenant.oci.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds, with umoci and GNU tar (independent producers), a three-layer OCI image with this
 * machine's dpkg database:
 *
 * <ol>
 *   <li>gzip layer 1 (umoci repack): {@code /var/lib/dpkg/status} and {@code /etc/os-release}
 *       copied from this machine, the DEP-5 copyright files of {@link #KEPT} and {@link #DELETED},
 *       an apk database, {@code /gone/file.txt} and {@code /opaque/old.txt};
 *   <li>gzip layer 2 (umoci repack, which writes whiteouts): deletes {@link #DELETED}'s copyright
 *       file and {@code /gone/file.txt};
 *   <li>uncompressed layer 3 (GNU tar, umoci raw add-layer): {@code opaque/.wh..wh..opq}, {@code
 *       opaque/new.txt} and {@code hard.txt}, a hard link to it.
 * </ol>
 */
public final class SbomTestImages {
  public static final String TAG = "v1";

  /** The apk database written into layer 1, from the apk installed-database format. */
  public static final String APK_INSTALLED =
      """
      C:Q1sSNCl4MTQ0d1V/0NTXAwcCvAc5M=
      P:musl
      V:1.2.4_git20230717-r4
      A:x86_64
      S:407517
      I:663552
      T:the musl c library (libc) implementation
      U:https://musl.libc.org/
      L:MIT
      o:musl
      m:Natanael Copa <ncopa@alpinelinux.org>
      t:1705053442
      c:dbbcaa8b7a6b5b5d8fd66ffe0fa5bb0b1e4b7a0b
      D:
      F:lib
      R:ld-musl-x86_64.so.1
      a:0:0:755
      Z:Q1+LNDzLnhPyDjGLGfmfCOjAgJHOc=

      C:Q1Zt0T4vRsvF6JXg9wqTtV8Cb3l1A=
      P:busybox
      V:1.36.1-r15
      A:x86_64
      L:GPL-2.0-only
      o:busybox
      F:bin
      R:busybox

      """;

  /** Which installed packages' copyright files the image carries, and which one layer 2 deletes. */
  public record Image(Path layout, String kept, String deleted) {
    public String location() {
      return "oci:" + layout + ":" + TAG;
    }
  }

  private SbomTestImages() {}

  /** Builds the image in {@code work}/layout and returns it. */
  public static Image build(Path work) throws IOException, InterruptedException {
    List<String> dep5 = dep5Packages(2);
    String kept = dep5.get(0);
    String deleted = dep5.get(1);
    Path layout = work.resolve("layout");
    String image = layout + ":" + TAG;
    ExternalTools.run(List.of("umoci", "init", "--layout", layout.toString()));
    ExternalTools.run(List.of("umoci", "new", "--image", image));
    Path bundle = work.resolve("bundle");
    ExternalTools.run(
        List.of("umoci", "unpack", "--rootless", "--image", image, bundle.toString()));
    Path rootfs = bundle.resolve("rootfs");
    copy(Path.of("/var/lib/dpkg/status"), rootfs.resolve("var/lib/dpkg/status"));
    copy(Path.of("/etc/os-release"), rootfs.resolve("etc/os-release"));
    for (String pkg : List.of(kept, deleted)) {
      copy(
          Path.of("/usr/share/doc", pkg, "copyright"),
          rootfs.resolve("usr/share/doc").resolve(pkg).resolve("copyright"));
    }
    write(rootfs.resolve("lib/apk/db/installed"), APK_INSTALLED);
    write(rootfs.resolve("gone/file.txt"), "deleted in layer 2");
    write(rootfs.resolve("gone/kept.txt"), "stays");
    write(rootfs.resolve("opaque/old.txt"), "hidden by layer 3");
    ExternalTools.run(List.of("umoci", "repack", "--image", image, bundle.toString()));

    // A second repack of the same bundle diffs against the first unpack, not the new layer, so
    // unpack again to make a layer that holds only the deletions.
    ExternalTools.run(List.of("rm", "-rf", bundle.toString()));
    ExternalTools.run(
        List.of("umoci", "unpack", "--rootless", "--image", image, bundle.toString()));
    Files.delete(rootfs.resolve("usr/share/doc").resolve(deleted).resolve("copyright"));
    Files.delete(rootfs.resolve("gone/file.txt"));
    ExternalTools.run(List.of("umoci", "repack", "--image", image, bundle.toString()));
    ExternalTools.run(List.of("rm", "-rf", bundle.toString()));

    Path raw = work.resolve("raw");
    write(raw.resolve("opaque/.wh..wh..opq"), "");
    write(raw.resolve("opaque/new.txt"), "added in layer 3");
    Files.createLink(raw.resolve("hard.txt"), raw.resolve("opaque/new.txt"));
    Path tar = work.resolve("layer3.tar");
    ExternalTools.run(
        List.of(
            "tar",
            "-C",
            raw.toString(),
            "--sort=name",
            "-cf",
            tar.toString(),
            "opaque",
            "hard.txt"));
    ExternalTools.run(List.of("umoci", "raw", "add-layer", "--image", image, tar.toString()));
    return new Image(layout, kept, deleted);
  }

  /** {@code name -> version} of every installed package, as dpkg-query reports them. */
  public static Map<String, String> installedPackages() throws IOException, InterruptedException {
    String out =
        ExternalTools.run(
            List.of("dpkg-query", "-W", "-f=${Status}\\t${binary:Package}\\t${Version}\\n"));
    Map<String, String> packages = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      String[] fields = line.split("\t");
      if (fields.length == 3 && fields[0].equals("install ok installed")) {
        // binary:Package says libc6:amd64 for Multi-Arch: same packages; the name is libc6.
        String name =
            fields[1].contains(":") ? fields[1].substring(0, fields[1].indexOf(':')) : fields[1];
        packages.put(name, fields[2]);
      }
    }
    return packages;
  }

  private static List<String> dep5Packages(int count) throws IOException, InterruptedException {
    List<String> found = new ArrayList<>();
    for (String pkg : installedPackages().keySet()) {
      Path copyright = Path.of("/usr/share/doc", pkg, "copyright");
      if (Files.isRegularFile(copyright)
          && !Files.isSymbolicLink(copyright.getParent())
          && Files.readString(copyright, StandardCharsets.ISO_8859_1).startsWith("Format:")) {
        found.add(pkg);
        if (found.size() == count) {
          return found;
        }
      }
    }
    throw new IllegalStateException("this machine has fewer than " + count + " DEP-5 copyrights");
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
  }

  private static void write(Path path, String content) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }
}
