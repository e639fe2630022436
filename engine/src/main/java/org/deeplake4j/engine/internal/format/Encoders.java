package org.deeplake4j.engine.internal.format;

/** Parsers of the small versioned encoders: sequence, creds and pad. */
public final class Encoders {
  private Encoders() {}

  /** {@code sequence_index/unsharded}: rows {@code [item_count, first_item, last_sequence]}. */
  public static RunTable parseSequence(byte[] bytes, String key) {
    return parseTable(bytes, key, 3, "sequence encoder");
  }

  /** {@code creds_index/unsharded}: rows {@code [creds_index, last]}. */
  public static RunTable parseCreds(byte[] bytes, String key) {
    return parseTable(bytes, key, 2, "creds encoder");
  }

  private static RunTable parseTable(byte[] bytes, String key, int cols, String what) {
    BinaryReader r = new BinaryReader(bytes, key);
    r.version();
    if (r.remaining() % (4 * cols) != 0) {
      throw r.corrupt(
          what + ": " + r.remaining() + " bytes is not a whole number of " + cols + "-column rows");
    }
    int[] cells = r.u32Array(r.remaining() / 4, what);
    return RunTable.of(cells, cols, key, what);
  }

  /** {@code pad_index/unsharded}: boundaries {@code [s0, e0, s1, e1, ...]} of padded ranges. */
  public static long[] parsePad(byte[] bytes, String key) {
    BinaryReader r = new BinaryReader(bytes, key);
    r.version();
    if (r.remaining() % 8 != 0) {
      throw r.corrupt("pad encoder: " + r.remaining() + " bytes is not a whole number of pairs");
    }
    int[] cells = r.u32Array(r.remaining() / 4, "pad encoder");
    long[] out = new long[cells.length];
    for (int i = 0; i < cells.length; i++) {
      out[i] = Integer.toUnsignedLong(cells[i]);
    }
    return out;
  }
}
