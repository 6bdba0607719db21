package dev.provenant.oci.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarHeaderTest {

  @Test
  void readsOctalPaddedWithSpacesOrNuls() throws Exception {
    assertThat(octal("0000644\0")).isEqualTo(0644);
    assertThat(octal(" 644 \0\0\0")).isEqualTo(0644);
    assertThat(octal("00000001750 ")).isEqualTo(01750);
    assertThat(octal("\0\0\0\0\0\0\0\0")).isZero();
    assertThat(octal("        ")).isZero();
    // Whatever follows the terminating NUL is not part of the field.
    assertThat(octal("17\0garbag")).isEqualTo(017);
  }

  @Test
  void readsGnuBase256() throws Exception {
    byte[] field = new byte[12];
    field[0] = (byte) 0x80;
    // 8 GiB, just past what eleven octal digits hold.
    field[7] = 0x02;
    assertThat(TarHeader.number(field, 0, 12, "size")).isEqualTo(8L << 30);
  }

  @Test
  void refusesABase256NumberTooLargeForALong() {
    byte[] field = new byte[12];
    field[0] = (byte) 0x80;
    field[3] = 0x01;
    assertThatThrownBy(() -> TarHeader.number(field, 0, 12, "size"))
        .isInstanceOf(TarFormatException.class)
        .hasMessage("the size field of a tar header is too large; the archive is damaged");
  }

  @Test
  void refusesAFieldThatIsNotOctal() {
    assertThatThrownBy(() -> octal("00001289\0"))
        .isInstanceOf(TarFormatException.class)
        .hasMessage(
            "the size field of a tar header is not an octal number ('00001289'); the archive is"
                + " damaged or not a tar");
    assertThatThrownBy(() -> octal("-0000001\0")).isInstanceOf(TarFormatException.class);
  }

  @Test
  void refusesAHeaderWithATruncatedSizeField() {
    byte[] block = header("file.txt", '0', "12\u00ff\u00ff");
    assertThatThrownBy(() -> TarHeader.parse(block))
        .isInstanceOf(TarFormatException.class)
        .hasMessageStartingWith("the size field of a tar header is not an octal number");
  }

  @Test
  void parsesAUstarHeaderWithAPrefix() throws Exception {
    byte[] block = header("name.txt", '0', "00000000012");
    put(block, 257, "ustar\0");
    put(block, 345, "some/dir");
    put(block, 157, "target");

    assertThat(TarHeader.parse(block))
        .isEqualTo(new TarHeader("some/dir/name.txt", "target", '0', 10));
  }

  @Test
  void appliesPaxRecordsThenLongNamesAsGoDoes() throws Exception {
    TarHeader header = new TarHeader("short", "link", '2', 0);

    assertThat(header.extendedBy("long/name", null, Map.of()))
        .isEqualTo(new TarHeader("long/name", "link", '2', 0));
    assertThat(header.extendedBy(null, null, Map.of("path", "pax", "linkpath", "paxlink")))
        .isEqualTo(new TarHeader("pax", "paxlink", '2', 0));
    // Go's archive/tar merges PAX records first, then a GNU long name or link wins.
    assertThat(header.extendedBy("long/name", "long/link", Map.of("path", "pax", "size", "7")))
        .isEqualTo(new TarHeader("long/name", "long/link", '2', 7));
    assertThat(header.extendedBy("", "", Map.of())).isEqualTo(header);
    assertThatThrownBy(() -> header.extendedBy(null, null, Map.of("size", "-1")))
        .isInstanceOf(TarFormatException.class)
        .hasMessage("a PAX header has a malformed size ('-1'); the archive is damaged");
  }

  @Test
  void refusesSizesNoArchiveHoldsSoThatOffsetsCannotOverflow() {
    byte[] block = header("huge", '0', "");
    block[124] = (byte) 0x80;
    for (int i = 128; i < 136; i++) {
      block[i] = (byte) 0xff;
    }
    block[128] = 0x7f; // Long.MAX_VALUE in base-256
    assertThatThrownBy(() -> TarHeader.parse(block))
        .isInstanceOf(TarFormatException.class)
        .hasMessageContaining("more than any real archive holds");
    TarHeader header = new TarHeader("f", "", '0', 0);
    assertThatThrownBy(
            () -> header.extendedBy(null, null, Map.of("size", String.valueOf(Long.MAX_VALUE))))
        .hasMessageContaining("more than any real archive holds");
  }

  @Test
  void refusesAPaxRecordLengthThatWouldOverflow() {
    assertThatThrownBy(() -> TarHeader.parsePax(bytes("6 a=b\n2147483647 x=y\n")))
        .isInstanceOf(TarFormatException.class)
        .hasMessageContaining("bad length");
  }

  @Test
  void linksDevicesDirectoriesAndFifosHaveNoContentWhateverTheirSize() {
    for (char type : new char[] {'1', '2', '3', '4', '5', '6'}) {
      assertThat(new TarHeader("x", "", type, 1024).contentSize()).as("type " + type).isZero();
    }
    assertThat(new TarHeader("x", "", '0', 1024).contentSize()).isEqualTo(1024);
    assertThat(new TarHeader("x", "", '\0', 1024).contentSize()).isEqualTo(1024);
  }

  @Test
  void quotesUntrustedTextShortAndWithoutControlCharacters() {
    assertThat(TarHeader.quoted("a\u001b[31mb")).isEqualTo("'a?[31mb'");
    assertThat(TarHeader.quoted("x".repeat(100))).isEqualTo("'" + "x".repeat(40) + "…'");
  }

  @Test
  void parsesPaxRecords() throws Exception {
    assertThat(TarHeader.parsePax(bytes("12 path=a/b\n17 linkpath=c/de\n")))
        .isEqualTo(Map.of("path", "a/b", "linkpath", "c/de"));
  }

  @Test
  void refusesAPaxRecordWithABadLength() {
    assertThatThrownBy(() -> TarHeader.parsePax(bytes("99 path=a/b\n")))
        .isInstanceOf(TarFormatException.class)
        .hasMessage(
            "a PAX header record is malformed: it has a bad length of 99; the archive is"
                + " damaged");
    assertThatThrownBy(() -> TarHeader.parsePax(bytes("2 path=a/b\n")))
        .hasMessageContaining("bad length of 2");
    assertThatThrownBy(() -> TarHeader.parsePax(bytes("x2 path=a/b\n")))
        .hasMessageContaining("its length is not a number");
  }

  @Test
  void refusesAPaxRecordWithoutKeyValueOrNewline() {
    assertThatThrownBy(() -> TarHeader.parsePax(bytes("12 pathab/c\n")))
        .hasMessageContaining("not 'key=value' ending with a newline");
    assertThatThrownBy(() -> TarHeader.parsePax(bytes("12 path=a/bc")))
        .hasMessageContaining("not 'key=value' ending with a newline");
  }

  @Test
  void readsNulTerminatedStrings() {
    assertThat(TarHeader.cString(bytes("name\0\0junk"))).isEqualTo("name");
    assertThat(TarHeader.cString(bytes("full"))).isEqualTo("full");
    assertThat(TarHeader.cString(bytes("abcdef"), 2, 3)).isEqualTo("cde");
  }

  @Test
  void detectsZeroBlocksAndRoundsToBlocks() {
    byte[] block = new byte[TarHeader.BLOCK];
    assertThat(TarHeader.isZero(block)).isTrue();
    block[511] = 1;
    assertThat(TarHeader.isZero(block)).isFalse();

    assertThat(TarHeader.roundUp(0)).isZero();
    assertThat(TarHeader.roundUp(1)).isEqualTo(512);
    assertThat(TarHeader.roundUp(512)).isEqualTo(512);
    assertThat(TarHeader.roundUp(513)).isEqualTo(1024);
  }

  private static long octal(String field) throws TarFormatException {
    return TarHeader.octal(bytes(field), 0, field.length(), "size");
  }

  private static byte[] header(String name, char type, String size) {
    byte[] block = new byte[TarHeader.BLOCK];
    put(block, 0, name);
    put(block, 124, size);
    block[156] = (byte) type;
    return block;
  }

  private static void put(byte[] block, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(bytes, 0, block, offset, bytes.length);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
