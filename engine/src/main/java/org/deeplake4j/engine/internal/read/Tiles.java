package org.deeplake4j.engine.internal.read;

import java.util.Arrays;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.TileEncoder;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Reassembles tiled samples: a sample larger than a chunk is stored as a grid of tiles, one chunk
 * each, consecutive chunk rows that end at the same item ({@code tiles_index} gives the sample's
 * and the tiles' shapes). Stateless.
 */
final class Tiles {
  private Tiles() {}

  /**
   * Item {@code item} of tensor {@code name}, tiled as {@code t}, as one array of {@code dt}.
   *
   * @param tileKey the tile encoder's key, for messages
   * @param codec the tensor's sample or chunk compression, or null
   */
  static NdArray read(
      String name,
      ChunkSource chunks,
      String tileKey,
      String codec,
      long item,
      TileEncoder.Entry t,
      Dtype dt) {
    ChunkIdEncoder ids = chunks.ids();
    int row = ids.rowOf(item);
    int count = ids.rowsWithSameLast(row);
    long[] full = t.sampleShape();
    long[] tile = t.tileShape();
    long[] grid = t.grid();
    if (SampleCodec.elements(grid, tileKey) != count) {
      throw new CorruptDataException(
          tileKey,
          "item "
              + item
              + " has a "
              + Arrays.toString(grid)
              + " tile grid but "
              + count
              + " tile chunks");
    }
    int item0 = dt.itemSize();
    long total = SampleCodec.byteSize(full, dt, tileKey);
    if (total > Integer.MAX_VALUE - 16) {
      throw new DeepLakeException("tiled item " + item + " of '" + name + "' exceeds 2 GiB");
    }
    byte[] out = null;
    long[] coord = new long[grid.length];
    for (int k = 0; k < count; k++) {
      String ckey = chunks.key(row + k);
      Chunk c = chunks.raw(ckey);
      long[] origin = new long[grid.length];
      long[] expected = new long[grid.length];
      for (int d = 0; d < grid.length; d++) {
        origin[d] = coord[d] * tile[d];
        expected[d] = Math.min(tile[d], full[d] - origin[d]);
      }
      long[] ts = c.shapeOf(0, full.length);
      if (!Arrays.equals(ts, expected)) {
        throw new CorruptDataException(
            ckey,
            "tile "
                + k
                + " of item "
                + item
                + " has shape "
                + Arrays.toString(ts)
                + ", but "
                + tileKey
                + " gives it "
                + Arrays.toString(expected));
      }
      byte[] buf = c.buffer();
      byte[] tileBytes;
      if (c.dataLength() == 0) {
        tileBytes = new byte[(int) SampleCodec.byteSize(ts, dt, ckey)];
      } else if (codec == null) {
        tileBytes = Arrays.copyOfRange(buf, c.dataStart(), c.dataStart() + c.dataLength());
      } else {
        tileBytes =
            SampleCodec.decodeBlob(name, buf, c.dataStart(), c.dataLength(), codec, ts, dt, ckey)
                .toBytes();
      }
      SampleCodec.checkSize(name, tileBytes.length, ts, dt, ckey, item);
      if (out == null) {
        out = new byte[(int) total]; // only once the first tile agrees with the tile encoder
      }
      place(out, full, tileBytes, ts, origin, item0, ckey);
      for (int d = grid.length - 1; d >= 0; d--) {
        if (++coord[d] < grid[d]) {
          break;
        }
        coord[d] = 0;
      }
    }
    return NdArray.of(dt, full, out == null ? new byte[0] : out);
  }

  private static void place(
      byte[] dst, long[] full, byte[] src, long[] ts, long[] origin, int item, String ckey) {
    int nd = full.length;
    for (int d = 0; d < nd; d++) {
      if (origin[d] + ts[d] > full[d]) {
        throw new CorruptDataException(ckey, "tile exceeds the sample shape");
      }
    }
    if (NdArray.numElements(ts) == 0) {
      return;
    }
    long[] strides = new long[nd];
    long s = item;
    for (int d = nd - 1; d >= 0; d--) {
      strides[d] = s;
      s *= full[d];
    }
    int run = (int) (ts[nd - 1] * item);
    long[] idx = new long[nd];
    int srcOff = 0;
    while (true) {
      long dstOff = 0;
      for (int d = 0; d < nd; d++) {
        dstOff += (origin[d] + idx[d]) * strides[d];
      }
      System.arraycopy(src, srcOff, dst, (int) dstOff, run);
      srcOff += run;
      int d = nd - 2;
      while (d >= 0) {
        if (++idx[d] < ts[d]) {
          break;
        }
        idx[d] = 0;
        d--;
      }
      if (d < 0) {
        return;
      }
    }
  }
}
