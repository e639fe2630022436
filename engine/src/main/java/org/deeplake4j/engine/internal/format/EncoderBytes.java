package org.deeplake4j.engine.internal.format;

import java.util.Map;

/** Serializers of the versioned encoder files, the inverse of the parsers. */
public final class EncoderBytes {
  private EncoderBytes() {}

  /** {@code chunks_index/unsharded}: version, width byte 8, uint64 rows {@code [id, last]}. */
  public static byte[] chunkIds(long[] ids, long[] lasts, int rows) {
    BinaryWriter w = new BinaryWriter(16 + rows * 16);
    w.version(VersionStrings.WRITTEN).u8(8);
    for (int i = 0; i < rows; i++) {
      w.i64(ids[i]).i64(lasts[i]);
    }
    return w.toByteArray();
  }

  /** {@code tiles_index/unsharded}: version, count, ndim, entries. */
  public static byte[] tiles(Map<Long, TileEncoder.Entry> entries) {
    BinaryWriter w = new BinaryWriter(64);
    w.version(VersionStrings.WRITTEN).i64(entries.size());
    if (entries.isEmpty()) {
      return w.toByteArray();
    }
    int d = entries.values().iterator().next().sampleShape().length;
    w.i64(d);
    for (Map.Entry<Long, TileEncoder.Entry> e : entries.entrySet()) {
      w.i64(e.getKey());
      for (long v : e.getValue().sampleShape()) {
        w.i64(v);
      }
      for (long v : e.getValue().tileShape()) {
        w.i64(v);
      }
    }
    return w.toByteArray();
  }

  /** Sequence or creds encoder: version, then uint32 rows. */
  public static byte[] table(int[] cells) {
    BinaryWriter w = new BinaryWriter(16 + cells.length * 4);
    w.version(VersionStrings.WRITTEN);
    for (int c : cells) {
      w.i32(c);
    }
    return w.toByteArray();
  }

  /** Pad encoder: version, then uint32 boundaries. */
  public static byte[] pad(long[] boundaries) {
    BinaryWriter w = new BinaryWriter(16 + boundaries.length * 4);
    w.version(VersionStrings.WRITTEN);
    for (long b : boundaries) {
      w.i32((int) b);
    }
    return w.toByteArray();
  }
}
