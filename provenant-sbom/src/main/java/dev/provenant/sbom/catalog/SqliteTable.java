package dev.provenant.sbom.catalog;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small read-only reader of the SQLite database file format, just enough to list the rows of one
 * table: the 100-byte header, table b-tree pages (interior and leaf), varints, the record format
 * and overflow chains. It reads a database held in memory, follows no index, and ignores a {@code
 * -wal} file (whose committed pages a checkpoint would have copied into the main file).
 *
 * <p>Every structure is bounds-checked: page numbers must lie inside the file, each page is visited
 * at most once (so a cyclic b-tree or overflow chain ends), payloads must fit in the file. A broken
 * structure throws {@link Malformed}.
 *
 * @see <a href="https://www.sqlite.org/fileformat2.html">Database File Format</a>
 */
final class SqliteTable {

  /** The database file is not one this reader can follow. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message);
    }
  }

  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_DEPTH = 64;

  /** Far above any rpm header (rpm itself refuses headers over 256 MiB; real ones are < 10 MiB). */
  static final int MAX_PAYLOAD = 64 * 1024 * 1024;

  private final byte[] db;
  private final int pageSize;
  private final int usable;
  private final int pageCount;
  private final Charset text;

  private SqliteTable(byte[] db) throws Malformed {
    this.db = db;
    if (db.length < 512 || !startsWith(db, MAGIC)) {
      throw new Malformed("not an SQLite 3 database");
    }
    int size = u16(16);
    pageSize = size == 1 ? 65536 : size;
    if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      throw new Malformed("page size " + pageSize);
    }
    usable = pageSize - (db[20] & 0xff);
    if (usable < 480) {
      throw new Malformed("usable page size " + usable);
    }
    if (db[21] != 64 || db[22] != 32 || db[23] != 32) {
      throw new Malformed("payload fractions are not 64, 32, 32");
    }
    if (db.length % pageSize != 0) {
      throw new Malformed("file length " + db.length + " is not a multiple of " + pageSize);
    }
    pageCount = db.length / pageSize;
    long declared = u32(28);
    // The in-header size is valid when the change counter matches version-valid-for.
    if (declared != 0 && u32(24) == u32(92) && declared != pageCount) {
      throw new Malformed("header says " + declared + " pages, file has " + pageCount);
    }
    text =
        switch ((int) u32(56)) {
          case 0, 1 -> StandardCharsets.UTF_8;
          case 2 -> StandardCharsets.UTF_16LE;
          case 3 -> StandardCharsets.UTF_16BE;
          default -> throw new Malformed("text encoding " + u32(56));
        };
  }

  /** Opens {@code db}, the whole database file. */
  static SqliteTable open(byte[] db) throws Malformed {
    return new SqliteTable(db);
  }

  /**
   * The root page of the table {@code name} in {@code sqlite_schema} (case-insensitive, as SQL
   * names are), or 0 when there is no such table.
   */
  int rootPage(String name) throws Malformed {
    int[] root = {0};
    MalformedBox error = new MalformedBox();
    rows(
        1,
        row -> {
          if (root[0] == 0
              && row.size() >= 4
              && "table".equals(row.get(0))
              && row.get(1) instanceof String table
              && table.equalsIgnoreCase(name)
              && row.get(3) instanceof Long page) {
            if (page < 1 || page > pageCount) {
              error.set(new Malformed("root page " + page + " of " + name));
            } else {
              root[0] = page.intValue();
            }
          }
        });
    error.rethrow();
    return root[0];
  }

  /**
   * Calls {@code row} with each row of the table whose b-tree starts at {@code rootPage}, in rowid
   * order: its columns as {@code null}, {@link Long}, {@link Double}, {@link String} or {@code
   * byte[]} (an {@code INTEGER PRIMARY KEY} column reads as null; its value is the rowid).
   */
  void rows(int rootPage, Consumer<List<Object>> row) throws Malformed {
    BitSet visited = new BitSet();
    Deque<int[]> stack = new ArrayDeque<>(); // {page, depth}, children pushed in reverse
    stack.push(new int[] {rootPage, 0});
    while (!stack.isEmpty()) {
      int[] next = stack.pop();
      int page = next[0];
      visit(visited, page);
      if (next[1] > MAX_DEPTH) {
        throw new Malformed("b-tree deeper than " + MAX_DEPTH);
      }
      int start = pageStart(page);
      int header = page == 1 ? 100 : 0;
      int type = db[start + header] & 0xff;
      int cells = u16(start + header + 3);
      if (type == 0x05) {
        int pointers = start + header + 12;
        check(pointers + 2 * cells <= start + pageSize, "cell pointers past page " + page);
        stack.push(new int[] {childPage(u32(start + header + 8)), next[1] + 1});
        for (int i = cells - 1; i >= 0; i--) {
          int cell = start + u16(pointers + 2 * i);
          check(cell + 4 <= start + usable, "cell past page " + page);
          stack.push(new int[] {childPage(u32(cell)), next[1] + 1});
        }
      } else if (type == 0x0d) {
        int pointers = start + header + 8;
        check(pointers + 2 * cells <= start + pageSize, "cell pointers past page " + page);
        for (int i = 0; i < cells; i++) {
          int cell = start + u16(pointers + 2 * i);
          row.accept(record(payload(start, cell, visited)));
        }
      } else {
        throw new Malformed("page " + page + " is not a table b-tree page (type " + type + ")");
      }
    }
  }

  /** The payload of the table leaf cell at {@code cell}, overflow pages appended. */
  private byte[] payload(int pageStart, int cell, BitSet visited) throws Malformed {
    int end = pageStart + usable;
    long[] size = varint(cell, end);
    long[] rowid = varint((int) size[1], end);
    int at = (int) rowid[1];
    long total = size[0];
    check(
        total >= 0 && total <= db.length && total <= MAX_PAYLOAD, "payload of " + total + " bytes");
    int p = (int) total;
    int maxLocal = usable - 35;
    int local = p;
    if (p > maxLocal) {
      int minLocal = ((usable - 12) * 32 / 255) - 23;
      int k = minLocal + (p - minLocal) % (usable - 4);
      local = k <= maxLocal ? k : minLocal;
    }
    int overflowPointer = local < p ? 4 : 0;
    check(at + local + overflowPointer <= end, "cell payload past its page");
    byte[] out = new byte[p];
    System.arraycopy(db, at, out, 0, local);
    int filled = local;
    if (filled < p) {
      int next = childPage(u32(at + local));
      while (filled < p) {
        visit(visited, next);
        int start = pageStart(next);
        int chunk = Math.min(usable - 4, p - filled);
        System.arraycopy(db, start + 4, out, filled, chunk);
        filled += chunk;
        long following = u32(start);
        if (filled < p) {
          next = childPage(following);
        }
      }
    }
    return out;
  }

  /** The columns of a record. */
  private List<Object> record(byte[] payload) throws Malformed {
    long[] headerSize = varint(payload, 0, payload.length);
    check(headerSize[0] >= headerSize[1] && headerSize[0] <= payload.length, "record header");
    int headerEnd = (int) headerSize[0];
    int at = (int) headerSize[1];
    int body = headerEnd;
    List<Object> columns = new ArrayList<>();
    while (at < headerEnd) {
      long[] serial = varint(payload, at, headerEnd);
      at = (int) serial[1];
      long type = serial[0];
      int length = serialLength(type);
      check(length >= 0 && body + (long) length <= payload.length, "record column past payload");
      columns.add(value(type, payload, body, length));
      body += length;
    }
    return columns;
  }

  private Object value(long type, byte[] payload, int at, int length) throws Malformed {
    if (type == 0) {
      return null;
    }
    if (type == 8) {
      return 0L;
    }
    if (type == 9) {
      return 1L;
    }
    if (type >= 1 && type <= 6) {
      long value = payload[at]; // sign-extended first byte, big-endian two's complement
      for (int i = 1; i < length; i++) {
        value = (value << 8) | (payload[at + i] & 0xff);
      }
      return value;
    }
    if (type == 7) {
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits = (bits << 8) | (payload[at + i] & 0xff);
      }
      return Double.longBitsToDouble(bits);
    }
    if (type >= 12 && type % 2 == 0) {
      byte[] blob = new byte[length];
      System.arraycopy(payload, at, blob, 0, length);
      return blob;
    }
    if (type >= 13) {
      return new String(payload, at, length, text);
    }
    throw new Malformed("serial type " + type);
  }

  private static int serialLength(long type) throws Malformed {
    return switch ((int) Math.min(type, 12)) {
      case 0, 8, 9 -> 0;
      case 1 -> 1;
      case 2 -> 2;
      case 3 -> 3;
      case 4 -> 4;
      case 5 -> 6;
      case 6, 7 -> 8;
      case 12 -> {
        long length = (type - (type % 2 == 0 ? 12 : 13)) / 2;
        if (length > Integer.MAX_VALUE) {
          throw new Malformed("column of " + length + " bytes");
        }
        yield (int) length;
      }
      default -> throw new Malformed("reserved serial type " + type);
    };
  }

  // ---- bounds

  private void visit(BitSet visited, int page) throws Malformed {
    if (visited.get(page)) {
      throw new Malformed("page " + page + " is reached twice");
    }
    visited.set(page);
  }

  private int childPage(long page) throws Malformed {
    if (page < 1 || page > pageCount) {
      throw new Malformed("page number " + page + " outside 1.." + pageCount);
    }
    return (int) page;
  }

  private int pageStart(int page) throws Malformed {
    childPage(page);
    return (page - 1) * pageSize;
  }

  private static void check(boolean condition, String message) throws Malformed {
    if (!condition) {
      throw new Malformed(message);
    }
  }

  // ---- primitives

  private long[] varint(int at, int end) throws Malformed {
    return varint(db, at, end);
  }

  /** A varint at {@code at}, read before {@code end}: {value, offset after it}. */
  static long[] varint(byte[] bytes, int at, int end) throws Malformed {
    long value = 0;
    for (int i = 0; i < 9; i++) {
      if (at + i >= end || at + i >= bytes.length) {
        throw new Malformed("varint past its end");
      }
      int b = bytes[at + i] & 0xff;
      if (i == 8) {
        return new long[] {(value << 8) | b, at + 9};
      }
      value = (value << 7) | (b & 0x7f);
      if ((b & 0x80) == 0) {
        return new long[] {value, at + i + 1};
      }
    }
    throw new AssertionError();
  }

  private int u16(int at) {
    return ((db[at] & 0xff) << 8) | (db[at + 1] & 0xff);
  }

  private long u32(int at) throws Malformed {
    check(at >= 0 && at + 4 <= db.length, "read past the file");
    return ((db[at] & 0xffL) << 24)
        | ((db[at + 1] & 0xff) << 16)
        | ((db[at + 2] & 0xff) << 8)
        | (db[at + 3] & 0xff);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Carries a {@link Malformed} out of a row callback. */
  private static final class MalformedBox {
    private Malformed error;

    void set(Malformed e) {
      if (error == null) {
        error = e;
      }
    }

    void rethrow() throws Malformed {
      if (error != null) {
        throw error;
      }
    }
  }
}
