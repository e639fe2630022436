package org.deeplake4j.engine.internal.write;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.engine.types.SampleValues;

/**
 * Bulk appends for {@link DatasetWriter}'s {@code extend}: a batch of text values encoded and
 * appended in one run, and the companion rows ({@code _x_id}, {@code _x_shape} / {@code _x_len},
 * {@code _x_info}) of a run of items, written straight into their chunks. They store exactly the
 * bytes the sample-by-sample path ({@link RowEncoder}, {@link SampleEncoder}) stores, with the same
 * chunk boundaries, and check every value before appending any. Not thread-safe.
 */
final class BulkEncoder {
  private BulkEncoder() {}

  /** Whether a text tensor's values can be appended in bulk (the per-sample path's bytes). */
  static boolean isBulkText(TensorWriter w) {
    return w.htype() != null
        && Htype.of(w.htype()) == Htype.TEXT
        && !w.isSequence()
        && !w.isLink()
        && (w.chunkCompression() == null
            || org.deeplake4j.engine.internal.format.Codecs.isByteCodec(w.chunkCompression()));
  }

  private static final long QUESTION_MARKS = 0x3F3F3F3F3F3F3F3FL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** Whether {@code b} holds a '?' byte (eight bytes at a time). */
  static boolean hasQuestionMark(byte[] b) {
    int i = 0;
    for (; i + 8 <= b.length; i += 8) {
      long x = org.deeplake4j.engine.internal.format.Bits.getLongLE(b, i) ^ QUESTION_MARKS;
      if (((x - LOW_BITS) & ~x & HIGH_BITS) != 0) {
        return true; // some byte of x is zero: that byte of b was '?'
      }
    }
    for (; i < b.length; i++) {
      if (b[i] == '?') {
        return true;
      }
    }
    return false;
  }

  /**
   * Appends text samples in one run: each value as {@link SampleEncoder} encodes text (its UTF-8,
   * shape [1]; null is ""), every value checked before any is appended; companions in bulk.
   */
  static void appendText(TensorWriter w, String tensorName, List<?> values) {
    int n = values.size();
    byte[][] utf8 = new byte[n][];
    int i = 0;
    for (Object v : values) {
      String t = v == null ? "" : v.toString();
      byte[] b = t.getBytes(StandardCharsets.UTF_8);
      // As many bytes as chars and no '?': all ASCII (a lone surrogate encodes as '?').
      if (b.length != t.length() || hasQuestionMark(b)) {
        try {
          SampleValues.checkString(t, "string");
        } catch (SampleValues.Refused e) {
          throw RowEncoder.located(tensorName, w.rowCount() + i, -1, e);
        }
      }
      utf8[i++] = b;
    }
    long[] item = {1};
    w.appendVarItems(item, utf8, n);
    appendCompanions(w, item, n);
  }

  /** Sample {@code i} of a batch (a copy of its bytes), for the sample-by-sample path. */
  static NdArray slice(NdArray batch, long[] item, int i, int itemBytes) {
    java.nio.ByteBuffer b = batch.buffer();
    b.position(i * itemBytes);
    byte[] one = new byte[itemBytes];
    b.get(one);
    return NdArray.of(batch.dtype(), item, one);
  }

  /** The companion rows of {@code count} appended items of shape {@code item}, in bulk. */
  static void appendCompanions(TensorWriter w, long[] item, int count) {
    for (TensorWriter.Companion c : w.companions) {
      RowEncoder.initCompanion(c);
      TensorWriter cw = c.writer();
      switch (c.kind()) {
        case "id" -> cw.appendSampleIds(count);
        case "shape", "len" -> {
          long[] s = "len".equals(c.kind()) ? new long[] {item[0]} : item;
          byte[] one = new byte[8 * s.length];
          for (int i = 0; i < s.length; i++) {
            org.deeplake4j.engine.internal.format.Bits.putLongLE(one, 8 * i, s[i]);
          }
          cw.appendRepeated(new long[] {s.length}, one, count);
        }
        case "info" ->
            cw.appendRepeated(new long[] {1}, "{}".getBytes(StandardCharsets.UTF_8), count);
        default -> throw new IllegalStateException("companion kind " + c.kind());
      }
    }
  }
}
