package org.deeplake4j.engine.internal.read;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.format.NdArrays;
import org.deeplake4j.engine.internal.format.RunTable;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * A chunk-compressed image canvas: the decoded image (null when no sample has pixels) and the x
 * offset of the first sample of every shape-table row. Samples are cut from it on demand.
 */
record Canvas(NdArray image, long[] rowX) {

  /**
   * Decodes the canvas of chunk {@code c} (its bytes {@code buf}) compressed with {@code codec}.
   */
  static Canvas decode(Chunk c, byte[] buf, String ckey, String codec) {
    RunTable shapes = c.shapes();
    long[] rowX = new long[shapes.rows()];
    long x = 0;
    long sumW = 0;
    try {
      for (int r = 0; r < shapes.rows(); r++) {
        rowX[r] = x;
        long[] s = rowShape(shapes, r);
        long count = shapes.lastOf(r) - shapes.firstOf(r) + 1;
        if (s.length >= 2 && !isAllZero(s)) {
          sumW = Math.addExact(sumW, Math.multiplyExact(count, s[1]));
        }
        if (onCanvas(s, ckey)) {
          if (s.length < 2) {
            throw new CorruptDataException(
                ckey, "image canvas sample shape " + Arrays.toString(s) + " has fewer than 2 dims");
          }
          x = Math.addExact(x, Math.multiplyExact(count, s[1]));
        }
      }
    } catch (ArithmeticException e) {
      x = Long.MAX_VALUE;
    }
    if (x > Integer.MAX_VALUE || sumW > Integer.MAX_VALUE) {
      throw new CorruptDataException(
          ckey, "image canvas samples add up to more than " + Integer.MAX_VALUE + " pixels wide");
    }
    NdArray image = null;
    if (c.dataLength() > 0 && sumW > 0) {
      image = Images.decode(buf, c.dataStart(), c.dataLength(), codec, ckey);
    }
    return new Canvas(image, rowX);
  }

  /** Whether a stored image shape takes pixels on the canvas (a 0-dim shape is one element). */
  private static boolean onCanvas(long[] s, String ckey) {
    return SampleCodec.elements(s, ckey) != 0;
  }

  private static long[] rowShape(RunTable shapes, int r) {
    long[] s = new long[shapes.cols() - 1];
    for (int i = 0; i < s.length; i++) {
      s[i] = shapes.value(r, i);
    }
    return s;
  }

  private static boolean isAllZero(long[] s) {
    for (long d : s) {
      if (d != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Cuts local sample {@code local} (stored shape {@code s}) from the canvas of chunk {@code c}.
   */
  static NdArray sample(DecodedChunk c, long local, long[] s, Dtype dt) {
    String ckey = c.chunk().key();
    if (!onCanvas(s, ckey)) {
      return new NdArray(dt, s, ByteBuffer.allocate(0));
    }
    Canvas canvas = c.canvas();
    if (canvas.image == null) {
      throw new CorruptDataException(ckey, "image canvas is empty but sample " + local + " is not");
    }
    RunTable shapes = c.chunk().shapes();
    long missing = c.chunk().bytePositions().count() - shapes.count();
    long idx = missing > 0 ? local - missing : local;
    int row = shapes.rowOf(idx);
    long x = canvas.rowX[row] + (idx - shapes.firstOf(row)) * s[1];
    return NdArrays.reshapeCast(crop(canvas.image, s, x, ckey), s, dt, ckey);
  }

  private static NdArray crop(NdArray canvas, long[] s, long x, String ckey) {
    long[] cs = canvas.shape();
    int ch = cs.length > 2 ? (int) cs[2] : 1;
    int cw = (int) cs[1];
    if (s[0] > cs[0] || x + s[1] > cw) {
      throw new CorruptDataException(
          ckey,
          "sample of shape "
              + Arrays.toString(s)
              + " at x="
              + x
              + " exceeds the "
              + Arrays.toString(cs)
              + " canvas");
    }
    int h = (int) s[0];
    int w = (int) s[1];
    int item = canvas.dtype().itemSize();
    byte[] src = canvas.toBytes();
    byte[] out = new byte[h * w * ch * item];
    int rowBytes = w * ch * item;
    for (int y = 0; y < h; y++) {
      System.arraycopy(src, ((y * cw) + (int) x) * ch * item, out, y * rowBytes, rowBytes);
    }
    long[] shape = ch == 1 && cs.length == 2 ? new long[] {h, w} : new long[] {h, w, ch};
    return NdArray.of(canvas.dtype(), shape, out);
  }
}
