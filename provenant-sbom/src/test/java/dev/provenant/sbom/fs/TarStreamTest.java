package dev.provenant.sbom.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.oci.archive.TarFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Crafted layers read as Go's archive/tar (Docker, containerd) reads them, or refused. */
class TarStreamTest {

  @Test
  void aDeviceWithASizeHidesNoMemberBehindIt() throws Exception {
    // Go treats a device's content as empty whatever its size field says, and extracts the jar
    // that follows; a reader that skipped 1024 bytes would not list it.
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    tar.write(header("dev/x", '3', 1024));
    tar.write(header("usr/lib/evil.jar", '0', 3));
    tar.write(padded("jar".getBytes(StandardCharsets.UTF_8)));
    tar.write(new byte[1024]);

    List<String> names = new ArrayList<>();
    String content = null;
    TarStream stream = new TarStream(new ByteArrayInputStream(tar.toByteArray()));
    for (TarStream.Member member = stream.next(); member != null; member = stream.next()) {
      names.add(member.name() + " " + member.size());
      if (member.isFile()) {
        content = new String(stream.content().readAllBytes(), StandardCharsets.UTF_8);
      }
    }

    assertThat(names).containsExactly("dev/x 0", "usr/lib/evil.jar 3");
    assertThat(content).isEqualTo("jar");
  }

  @Test
  void aSizeNoArchiveHoldsIsRefusedNotSkippedBackwards() throws Exception {
    byte[] huge = header("big", '0', 0);
    java.util.Arrays.fill(huge, 124, 136, (byte) 0);
    huge[124] = (byte) 0x80; // GNU base-256: Long.MAX_VALUE
    huge[128] = 0x7f;
    for (int i = 129; i < 136; i++) {
      huge[i] = (byte) 0xff;
    }
    TarStream stream = new TarStream(new ByteArrayInputStream(huge));

    assertThatThrownBy(stream::next)
        .isInstanceOf(TarFormatException.class)
        .hasMessageContaining("more than any real archive holds");
  }

  private static byte[] header(String name, char type, long size) {
    byte[] block = new byte[512];
    put(block, 0, name);
    put(block, 100, "0000644");
    put(block, 124, String.format("%011o", size));
    block[156] = (byte) type;
    return block;
  }

  private static byte[] padded(byte[] content) {
    byte[] out = new byte[(content.length + 511) / 512 * 512];
    System.arraycopy(content, 0, out, 0, content.length);
    return out;
  }

  private static void put(byte[] block, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, block, offset, bytes.length);
  }
}
