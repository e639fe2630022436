package org.deeplake4j.engine.internal.write;

import java.util.ArrayList;
import java.util.List;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.format.Lz4;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Cuts samples above the tiling threshold into tiles as Python does: the tile shape halves the
 * largest tileable dimension until the estimated tile size fits the threshold; tiles are cut on a
 * regular grid (edge tiles smaller), in C order, each encoded with the tensor's codec into its own
 * chunk.
 */
final class Tiling {
  private Tiling() {}

  /** Python's tile shape for a sample of {@code shape} and element size. */
  static long[] tileShape(
      long[] shape, int itemSize, double ratio, long threshold, boolean allAxes) {
    double[] t = new double[shape.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = shape[i];
    }
    double size = ratio * itemSize;
    for (long d : shape) {
      size *= d;
    }
    double r = size / threshold;
    int axes = allAxes ? shape.length : Math.max(1, shape.length - 1);
    while (r > 1) {
      int best = 0;
      for (int i = 1; i < axes; i++) {
        if (t[i] > t[best]) {
          best = i;
        }
      }
      if (t[best] <= 1) {
        break;
      }
      t[best] /= 2;
      r /= 2;
    }
    long[] out = new long[shape.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(1, (long) Math.ceil(t[i]));
    }
    return out;
  }

  static void append(
      TensorWriter w, SampleEncoder.Encoded e, long threshold, double ratio, String name) {
    NdArray a = e.array();
    long[] shape = a.shape();
    String sc = w.sampleCompression();
    String cc = w.chunkCompression();
    boolean allAxes =
        (w.htype() == null || Htype.GENERIC.pythonName().equals(w.htype()))
            && (sc == null || Codecs.isByteCodec(sc))
            && (cc == null || Codecs.isByteCodec(cc));
    int item = a.dtype().itemSize();
    long[] tile = tileShape(shape, item, ratio, threshold, allAxes);
    long[] grid = new long[shape.length];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (shape[i] + tile[i] - 1) / tile[i];
    }
    byte[] src = a.toBytes();
    long[] strides = new long[shape.length];
    long s = item;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = s;
      s *= shape[d];
    }
    List<byte[]> tiles = new ArrayList<>();
    List<long[]> shapes = new ArrayList<>();
    long[] coord = new long[grid.length];
    long total = NdArray.numElements(grid);
    for (long t = 0; t < total; t++) {
      long[] origin = new long[shape.length];
      long[] ts = new long[shape.length];
      for (int d = 0; d < shape.length; d++) {
        origin[d] = coord[d] * tile[d];
        ts[d] = Math.min(tile[d], shape[d] - origin[d]);
      }
      byte[] raw = cut(src, strides, origin, ts, item);
      byte[] stored;
      if (sc != null && Codecs.isImageCodec(sc)) {
        stored = Images.encode(NdArray.of(a.dtype(), ts, raw), sc, "tensor '" + name + "' tile");
      } else if (Codecs.isByteCodec(sc) || Codecs.isByteCodec(cc)) {
        stored = Lz4.compress(raw, 0, raw.length);
      } else {
        stored = raw;
      }
      tiles.add(stored);
      shapes.add(ts);
      for (int d = grid.length - 1; d >= 0; d--) {
        if (++coord[d] < grid[d]) {
          break;
        }
        coord[d] = 0;
      }
    }
    w.appendTiled(shape, tile, tiles, shapes);
  }

  private static byte[] cut(byte[] src, long[] strides, long[] origin, long[] ts, int item) {
    int nd = ts.length;
    byte[] out = new byte[(int) (NdArray.numElements(ts) * item)];
    int run = (int) (ts[nd - 1] * item);
    long[] idx = new long[nd];
    int o = 0;
    while (true) {
      long off = 0;
      for (int d = 0; d < nd; d++) {
        off += (origin[d] + idx[d]) * strides[d];
      }
      System.arraycopy(src, (int) off, out, o, run);
      o += run;
      int d = nd - 2;
      while (d >= 0) {
        if (++idx[d] < ts[d]) {
          break;
        }
        idx[d] = 0;
        d--;
      }
      if (d < 0) {
        return out;
      }
    }
  }
}
