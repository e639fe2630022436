package org.deeplake4j.engine.internal.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplake4j.engine.errors.CorruptDataException;

/**
 * The tile encoder ({@code tiles_index/unsharded}): for each tiled item, its full shape and its
 * tile shape. Tiles are laid on the grid {@code ceil(shape/tile)} in C order. Immutable.
 */
public final class TileEncoder {
  /** Full sample shape and tile shape of one tiled item. */
  public record Entry(long[] sampleShape, long[] tileShape) {
    /** Number of tiles along each dimension. */
    public long[] grid() {
      long[] g = new long[sampleShape.length];
      for (int i = 0; i < g.length; i++) {
        g[i] = tileShape[i] == 0 ? 0 : (sampleShape[i] + tileShape[i] - 1) / tileShape[i];
      }
      return g;
    }
  }

  private final Map<Long, Entry> entries;

  private TileEncoder(Map<Long, Entry> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  public static TileEncoder empty() {
    return new TileEncoder(new LinkedHashMap<>());
  }

  /** Parses the file at {@code key}. */
  public static TileEncoder parse(byte[] bytes, String key) {
    try {
      return parse(new BinaryReader(bytes, key), true);
    } catch (CorruptDataException e) {
      // Pre-versioned files: the whole buffer big-endian without a version prefix.
      try {
        return parse(new BinaryReader(bytes, 0, bytes.length, key, true), false);
      } catch (CorruptDataException ignored) {
        throw e;
      }
    }
  }

  private static TileEncoder parse(BinaryReader r, boolean versioned) {
    if (versioned) {
      r.version();
    }
    if (r.remaining() == 0 && !versioned) {
      return empty();
    }
    long n = r.i64("tiled sample count");
    Map<Long, Entry> map = new LinkedHashMap<>();
    if (n == 0) {
      return new TileEncoder(map);
    }
    long d = r.i64("tile dimensions");
    if (n < 0 || d <= 0 || d > 32 || n > r.remaining() / (8 * (1 + 2 * d))) {
      throw r.corrupt("tile encoder declares " + n + " samples of " + d + " dimensions");
    }
    for (long i = 0; i < n; i++) {
      long idx = r.i64("tiled sample index");
      long[] shape = new long[(int) d];
      long[] tile = new long[(int) d];
      for (int k = 0; k < d; k++) {
        shape[k] = r.i64("sample shape");
      }
      for (int k = 0; k < d; k++) {
        tile[k] = r.i64("tile shape");
        if (tile[k] <= 0
            || tile[k] > Integer.MAX_VALUE
            || shape[k] < 0
            || shape[k] > Integer.MAX_VALUE) {
          throw r.corrupt("tiled sample " + idx + " has shape/tile dimension out of range");
        }
      }
      map.put(idx, new Entry(shape, tile));
    }
    if (r.remaining() != 0) {
      throw r.corrupt(r.remaining() + " trailing bytes after " + n + " tile entries");
    }
    return new TileEncoder(map);
  }

  /** The entry for a tiled item, or null if the item is not tiled. */
  public Entry get(long item) {
    return entries.get(item);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public Map<Long, Entry> entries() {
    return entries;
  }
}
