package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.InvalidValueException;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.engine.types.SampleValues;

/**
 * Row encoding for {@link DatasetWriter}: one row's value into a tensor (a sequence's items one by
 * one; link samples verified and their creds recorded; large samples tiled) and the matching rows
 * of its companion tensors ({@code _x_id}, {@code _x_shape} / {@code _x_len}, {@code _x_info}), and
 * the removal of a row from a tensor and its companions. Bytes come from {@link SampleEncoder} and
 * {@link Tiling}; {@link TensorWriter} stages them. Not thread-safe.
 */
final class RowEncoder {
  private final DatasetCore ds;

  /** The sample id the next id companion row gets (merges keep ids), or null for a fresh one. */
  Long forcedId;

  RowEncoder(DatasetCore ds) {
    this.ds = ds;
  }

  /** A sequence row's items: a List or a JSON array (null: none); null if it is neither. */
  private static List<?> items(Object value) {
    return value == null
        ? List.of()
        : value instanceof List<?> l
            ? l
            : value instanceof JsonNode j && j.isArray()
                ? Json.MAPPER.convertValue(j, List.class)
                : null;
  }

  /**
   * Refuses {@code value}, for row {@code row} of tensor {@code name}, if {@link SampleValues}'
   * rule refuses it (a value the dtype cannot hold as given, a lone surrogate), with an {@link
   * InvalidValueException} naming the tensor, the row (and a sequence's item) and the value.
   * Changes nothing; callers check every value of a row before appending any.
   */
  static void checkValue(TensorWriter w, String name, long row, Object value) {
    if (w.isSequence()) {
      List<?> items = items(value);
      for (int i = 0; items != null && i < items.size(); i++) {
        checkItem(w, name, row, i, items.get(i));
      }
      return;
    }
    checkItem(w, name, row, -1, value);
  }

  private static void checkItem(TensorWriter w, String name, long row, int item, Object value) {
    try {
      if (w.isLink()) {
        if (value != null) {
          SampleValues.checkString(
              value instanceof SampleLink l ? l.path() : String.valueOf(value), "string");
        }
      } else {
        SampleEncoder.check(w, value, name);
      }
    } catch (SampleValues.Refused e) {
      throw located(name, row, item, e);
    }
  }

  /** {@code e} with the tensor, row and (when not negative) sequence item it was refused at. */
  static InvalidValueException located(String name, long row, long item, SampleValues.Refused e) {
    return new InvalidValueException(
        "tensor '"
            + name
            + "' row "
            + row
            + (item >= 0 ? " item " + item : "")
            + ": "
            + e.getMessage(),
        e);
  }

  /**
   * Refuses a batch for {@code extend} if the tensor's dtype cannot hold one of its elements as
   * given, naming the row that element would have become. Changes nothing.
   */
  static void checkBatch(TensorWriter w, String name, NdArray batch, long itemElems) {
    Dtype dt = w.dtype() == null ? null : Dtype.parse(w.dtype());
    if (dt == null || dt == batch.dtype() || w.isLink() || Htype.ofStored(w.htype()).isTextLike()) {
      return;
    }
    try {
      SampleValues.cast(batch, dt);
    } catch (SampleValues.Refused e) {
      long i = e.element() < 0 || itemElems <= 0 ? 0 : e.element() / itemElems;
      throw located(name, w.rowCount() + i, -1, e);
    }
  }

  void appendRow(TensorWriter w, String name, Object value) {
    checkValue(w, name, w.rowCount(), value);
    if (w.isSequence()) {
      List<?> items = items(value);
      if (items == null) {
        throw new DeepLakeException(
            "tensor '" + name + "' is a sequence: append a List of items, got " + value.getClass());
      }
      long first = w.length();
      for (Object item : items) {
        long[] s = appendItem(w, name, item);
        for (TensorWriter.Companion c : w.companions) {
          if (c.flatten()) {
            appendCompanion(c, s, item);
          }
        }
      }
      w.endSequence(first, items.size());
      for (TensorWriter.Companion c : w.companions) {
        if (!c.flatten()) {
          appendCompanion(c, null, value);
        }
      }
      return;
    }
    long[] s = appendItem(w, name, value);
    for (TensorWriter.Companion c : w.companions) {
      appendCompanion(c, s, value);
    }
  }

  private void appendCompanion(TensorWriter.Companion c, long[] shape, Object value) {
    initCompanion(c);
    TensorWriter cw = c.writer();
    switch (c.kind()) {
      case "id" -> {
        byte[] b = new byte[8];
        org.deeplake4j.engine.internal.format.Bits.putLongLE(
            b, 0, forcedId != null ? forcedId : TensorWriter.newSampleId());
        cw.appendItem(new long[] {1}, b);
      }
      case "shape", "len" -> {
        long[] s = shape == null ? new long[0] : shape;
        if ("len".equals(c.kind())) {
          s = new long[] {s.length == 0 ? 0 : s[0]};
        }
        byte[] b = new byte[8 * s.length];
        for (int i = 0; i < s.length; i++) {
          org.deeplake4j.engine.internal.format.Bits.putLongLE(b, 8 * i, s[i]);
        }
        cw.appendItem(new long[] {s.length}, b);
      }
      case "info" -> cw.appendItem(new long[] {1}, "{}".getBytes(StandardCharsets.UTF_8));
      default -> throw new IllegalStateException("companion kind " + c.kind());
    }
  }

  /** Python fills a companion's htype (and the id tensor's dtype) at its first append. */
  static void initCompanion(TensorWriter.Companion c) {
    TensorWriter cw = c.writer();
    if (cw.htype() == null) {
      cw.setHtype(Htype.GENERIC.pythonName());
      if ("id".equals(c.kind())) {
        cw.setDtype("uint64");
        cw.setTypestr("<u8");
      }
    }
  }

  /** Appends one flat item; returns the item's shape as its companions record it. */
  private long[] appendItem(TensorWriter w, String name, Object value) {
    if (w.isLink()) {
      SampleLink link =
          value == null
              ? null
              : value instanceof SampleLink l ? l : new SampleLink(String.valueOf(value), null);
      long[] linked = null;
      boolean verify = w.meta.verify();
      if (link != null && verify && !link.path().isEmpty()) {
        byte[] blob = ds.creds.readLink(link.path(), Optional.ofNullable(link.credsKey()));
        NdArray px =
            org.deeplake4j.engine.internal.format.Images.decode(
                blob, 0, blob.length, "image", link.path());
        linked = px.shape();
        if (linked.length == 2) {
          linked = new long[] {linked[0], linked[1], 1};
        }
      }
      byte[] path = (link == null ? "" : link.path()).getBytes(StandardCharsets.UTF_8);
      w.appendItem(new long[] {1}, path, verify ? (linked == null ? new long[3] : linked) : null);
      w.appendCreds(
          link == null || link.credsKey() == null ? 0 : ds.creds.credsIndexFor(link.credsKey()));
      if (link != null && link.credsKey() != null) {
        ds.creds.markCredsUsed(link.credsKey());
      }
      return linked == null ? new long[3] : linked;
    }
    SampleEncoder.Encoded e = SampleEncoder.encode(w, value, name);
    if (e.shape() == null) {
      w.appendEmptyOfUnknownShape();
      return new long[0];
    }
    long threshold = w.tilingThreshold();
    double ratio =
        w.sampleCompression() != null
                || (w.chunkCompression() != null
                    && !org.deeplake4j.engine.internal.format.Codecs.isByteCodec(
                        w.chunkCompression()))
            ? 0.5
            : 1.0;
    if (threshold > 0 && e.array() != null && e.rawSize() * ratio > threshold) {
      Tiling.append(w, e, threshold, ratio, name);
    } else {
      w.appendItem(e.shape(), e.stored());
    }
    return e.shape();
  }

  void popFrom(TensorWriter w, String name, long index) {
    if (w.isSequence()) {
      throw new DeepLakeException(
          "tensor '" + name + "': popping sequence rows is not supported yet");
    }
    Long id = null;
    for (TensorWriter.Companion c : w.companions) {
      if ("id".equals(c.kind())) {
        id = c.writer().readId(index);
      }
    }
    w.popItem(index, id);
    for (TensorWriter.Companion c : w.companions) {
      c.writer().popItem(index, null);
    }
  }
}
