package org.deeplake4j.engine.internal.format;

import java.util.Arrays;

/**
 * The chunk-id encoder ({@code chunks_index/unsharded}): rows {@code [chunk_id, last]} in sample
 * order; chunk {@code id} holds global items {@code last[r-1]+1 .. last[r]}. A tiled item spans
 * consecutive rows with equal {@code last}. Immutable.
 */
public final class ChunkIdEncoder {
  private final long[] ids;
  private final long[] lasts;

  private ChunkIdEncoder(long[] ids, long[] lasts) {
    this.ids = ids;
    this.lasts = lasts;
  }

  /** An encoder with no rows. */
  public static ChunkIdEncoder empty() {
    return new ChunkIdEncoder(new long[0], new long[0]);
  }

  /** Builds an encoder from rows (used by writers and tests). */
  public static ChunkIdEncoder of(long[] ids, long[] lasts) {
    return new ChunkIdEncoder(ids.clone(), lasts.clone());
  }

  /** Parses the file at {@code key}. */
  public static ChunkIdEncoder parse(byte[] bytes, String key) {
    BinaryReader r = new BinaryReader(bytes, key);
    String version = r.version();
    int width = 4;
    if (VersionStrings.compare(version, "2.7.6") >= 0) {
      width = r.u8("element width");
      if (width != 4 && width != 8) {
        throw r.corrupt("element width must be 4 or 8, found " + width);
      }
    }
    int rowBytes = 2 * width;
    if (r.remaining() % rowBytes != 0) {
      throw r.corrupt(
          r.remaining() + " bytes of rows is not a multiple of the " + rowBytes + "-byte row size");
    }
    int n = r.remaining() / rowBytes;
    long[] ids = new long[n];
    long[] lasts = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = width == 8 ? r.i64("chunk id") : r.u32("chunk id");
      long last = width == 8 ? r.i64("last index") : r.u32("last index");
      if (last == -1L || (width == 4 && last == 0xFFFF_FFFFL)) {
        last = -1; // Python's placeholder row of an empty chunk
      }
      if (last == Long.MAX_VALUE) {
        throw r.corrupt("row " + i + ": last index " + last + " leaves no room for the item count");
      }
      if (last < -1 || (i > 0 && last < lasts[i - 1])) {
        throw r.corrupt(
            "row "
                + i
                + ": last index "
                + Long.toUnsignedString(last)
                + " is below the previous row's "
                + (i > 0 ? lasts[i - 1] : -1));
      }
      lasts[i] = last;
    }
    return new ChunkIdEncoder(ids, lasts);
  }

  /** Number of rows (chunks, counting each tile chunk). */
  public int rows() {
    return ids.length;
  }

  /** Chunk id of row {@code r}. */
  public long id(int r) {
    return ids[r];
  }

  /** Last global item index (inclusive) of row {@code r}. */
  public long last(int r) {
    return lasts[r];
  }

  /** First global item index of row {@code r}. */
  public long first(int r) {
    if (r == 0) {
      return 0;
    }
    // Tile rows repeat `last`: the first item of a tile row is that same item.
    return lasts[r - 1] == lasts[r] ? lasts[r] : lasts[r - 1] + 1;
  }

  /** Number of items. */
  public long numItems() {
    return ids.length == 0 ? 0 : lasts[ids.length - 1] + 1;
  }

  /** The first row whose last index is >= {@code item}, or -1 if beyond the end. */
  public int rowOf(long item) {
    int i = Arrays.binarySearch(lasts, item);
    if (i < 0) {
      i = -i - 1;
      return i >= lasts.length ? -1 : i;
    }
    while (i > 0 && lasts[i - 1] == item) {
      i--;
    }
    return i;
  }

  /** Number of consecutive rows from {@code row} with the same last index (tiles of one item). */
  public int rowsWithSameLast(int row) {
    int n = 1;
    while (row + n < lasts.length && lasts[row + n] == lasts[row]) {
      n++;
    }
    return n;
  }

  /** Chunk file name of an id: lower-case hex without leading zeros. */
  public static String nameOf(long id) {
    return Long.toHexString(id);
  }

  /** Inverse of {@link #nameOf}. */
  public static long idOf(String name) {
    return Long.parseUnsignedLong(name, 16);
  }
}
