package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.tql.ResultColumn;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.engine.types.TensorMetadata;

/**
 * A column of a {@link DatasetView}. Usually a {@link Tensor} restricted to the view's rows: row
 * {@code i} is the tensor's row {@link #index index(i)}; the read methods are the tensor's. Query
 * results add three variants:
 *
 * <ul>
 *   <li><b>computed</b> ({@link #isComputed()}): a select-list expression or aggregate, values
 *       materialised when the query ran (typed: {@link #dtype()} int64/float64/bool, or text / json
 *       {@link #htype()}); {@link #tensor()} is null;
 *   <li><b>grouped</b> (GROUP BY): row {@code i} is the sequence of the tensor's values at the
 *       group's member rows ({@link #isSequence()} is true; {@link #sequence(long)} views them,
 *       {@link #numpy(long)} stacks them when their shapes agree);
 *   <li><b>split</b> (UNGROUP BY): a sequence tensor whose row {@code i} is item {@link
 *       DatasetView#itemIndex(long) itemIndex(i)} of the sequence at {@code index(i)}.
 * </ul>
 *
 * Immutable; valid while the dataset is open. Thread-safe for reads.
 */
public final class TensorView {
  private final Tensor tensor;
  private final long[] indices;
  private final String name;
  private final long[][] groups;
  private final long[] items;
  private final ResultColumn column;

  TensorView(Tensor tensor, long[] indices) {
    this(tensor, indices, tensor.name(), null, null, null);
  }

  TensorView(
      Tensor tensor,
      long[] indices,
      String name,
      long[][] groups,
      long[] items,
      ResultColumn column) {
    this.tensor = tensor;
    this.indices = indices;
    this.name = name;
    this.groups = groups;
    this.items = items;
    this.column = column;
  }

  /** The underlying tensor, or null for a computed column. */
  public Tensor tensor() {
    return tensor;
  }

  /** Whether the values were computed by a query (no stored tensor behind them). */
  public boolean isComputed() {
    return column != null;
  }

  /**
   * The tensor's values at the members of group {@code i} (grouped views), as a view of their own.
   *
   * @throws IllegalStateException if this column is not grouped
   */
  public TensorView sequence(long i) {
    if (groups == null) {
      throw new IllegalStateException(
          "column '" + name + "' is not grouped: sequence(i) reads the members of a GROUP BY row");
    }
    index(i);
    return new TensorView(tensor, groups[(int) i]);
  }

  private long[] members(long i) {
    index(i);
    return groups[(int) i];
  }

  private long item(long i) {
    long row = index(i);
    return tensor.sequenceRange(row)[0] + items[(int) i];
  }

  private UnsupportedOperationException notStored(String what) {
    return new UnsupportedOperationException(
        "column '" + name + "' is computed by the query: it has no " + what);
  }

  private DeepLakeException grouped(String what, long i) {
    return new DeepLakeException(
        "row "
            + i
            + " of column '"
            + name
            + "' is a group of "
            + members(i).length
            + " rows: read "
            + what
            + " of its members with sequence("
            + i
            + ")");
  }

  /** Number of rows of the view. */
  public long length() {
    return indices.length;
  }

  /** The tensor row of view row {@code i}. */
  public long index(long i) {
    if (i < 0 || i >= indices.length) {
      throw new IndexOutOfBoundsException(
          "row "
              + i
              + " of a view of tensor '"
              + tensor.name()
              + "' ("
              + indices.length
              + " rows)");
    }
    return indices[(int) i];
  }

  /** The column's name: the tensor's, or the select list's name for it. */
  public String name() {
    return name;
  }

  /**
   * See {@link Tensor#htype()}; {@code sequence[...]} around it when grouped (a split sequence
   * tensor reports its items' htype); for computed columns {@code generic}, {@code class_label},
   * {@code text} or {@code json}.
   */
  public String htype() {
    if (column != null) {
      return column.htype();
    }
    if (groups != null) {
      return "sequence[" + tensor.htype() + "]";
    }
    return items != null ? tensor.baseHtype() : tensor.htype();
  }

  /** See {@link Tensor#baseHtype()}. */
  public String baseHtype() {
    return column != null ? column.htype() : tensor.baseHtype();
  }

  /** See {@link Tensor#dtype()}; for computed columns int64, float64, bool or null (text, json). */
  public Dtype dtype() {
    return column != null ? column.dtype() : tensor.dtype();
  }

  /**
   * See {@link Tensor#meta()}; null for computed columns.
   *
   * @deprecated exposes an internal type; use {@link #metadata()}.
   */
  @Deprecated
  public TensorMeta meta() {
    return column != null ? null : tensor.meta();
  }

  /** See {@link Tensor#metadata()}; null for computed columns. */
  public TensorMetadata metadata() {
    return column != null ? null : tensor.metadata();
  }

  /** See {@link Tensor#info()}; null for computed columns. */
  public JsonNode info() {
    return column != null ? null : tensor.info();
  }

  /** See {@link Tensor#classNames()}; of a computed column, those of the labels it holds. */
  public List<String> classNames() {
    if (column != null) {
      return column.classNames() == null ? List.of() : column.classNames();
    }
    return tensor.classNames();
  }

  /** Whether rows are sequences: of a sequence tensor (not split), or of a group's members. */
  public boolean isSequence() {
    if (column != null) {
      return false;
    }
    return groups != null || items == null && tensor.isSequence();
  }

  public boolean isLink() {
    return column == null && tensor.isLink();
  }

  public boolean isHidden() {
    return column == null && tensor.isHidden();
  }

  /**
   * Shape of view row {@code i}; of a group, the number of members followed by their common shape
   * (an error when their shapes differ).
   */
  public long[] shape(long i) {
    if (column != null) {
      return column.shape(i);
    }
    if (groups != null) {
      long[] m = members(i);
      long[] s0 = tensor.shape(m[0]);
      for (int k = 1; k < m.length; k++) {
        if (!Arrays.equals(s0, tensor.shape(m[k]))) {
          throw grouped("the shapes", i);
        }
      }
      long[] out = new long[s0.length + 1];
      out[0] = m.length;
      System.arraycopy(s0, 0, out, 1, s0.length);
      return out;
    }
    return items != null ? tensor.itemShape(item(i)) : tensor.shape(index(i));
  }

  /**
   * Numeric value of view row {@code i}; of a group, its members' values stacked along a new first
   * axis (an error when their shapes or dtypes differ).
   */
  public NdArray numpy(long i) {
    if (column != null) {
      return column.numpy(i);
    }
    if (groups != null) {
      long[] m = members(i);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      NdArray first = null;
      for (long r : m) {
        NdArray a = tensor.numpy(r);
        if (first == null) {
          first = a;
        } else if (a.dtype() != first.dtype() || !Arrays.equals(a.shape(), first.shape())) {
          throw grouped("the values", i);
        }
        bytes.writeBytes(a.toBytes());
      }
      long[] shape = new long[first.shape().length + 1];
      shape[0] = m.length;
      System.arraycopy(first.shape(), 0, shape, 1, first.shape().length);
      return NdArray.of(first.dtype(), shape, bytes.toByteArray());
    }
    return items != null ? tensor.itemNumpy(item(i)) : tensor.numpy(index(i));
  }

  /** Text of view row {@code i}. */
  public String text(long i) {
    if (column != null) {
      return column.text(i);
    }
    if (groups != null) {
      throw grouped("the texts", i);
    }
    return items != null ? tensor.itemText(item(i)) : tensor.text(index(i));
  }

  /** JSON value of view row {@code i}; of a group, a JSON array of its members' values. */
  public JsonNode json(long i) {
    if (column != null) {
      return column.json(i);
    }
    if (groups != null) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      for (long r : members(i)) {
        a.add(tensor.json(r));
      }
      return a;
    }
    return items != null ? tensor.itemJson(item(i)) : tensor.json(index(i));
  }

  /** Stored bytes of view row {@code i}. */
  public byte[] bytes(long i) {
    if (column != null) {
      throw notStored("stored bytes");
    }
    if (groups != null) {
      throw grouped("the bytes", i);
    }
    return items != null ? tensor.itemBytes(item(i)) : tensor.bytes(index(i));
  }

  /** Link string of view row {@code i} (link tensors). */
  public String linkPath(long i) {
    if (column != null) {
      throw notStored("link path");
    }
    if (groups != null) {
      throw grouped("the link paths", i);
    }
    return items != null ? tensor.itemLinkPath(item(i)) : tensor.linkPath(index(i));
  }

  /** Flat item range of view row {@code i} (sequence tensors). */
  public long[] sequenceRange(long i) {
    if (column != null) {
      throw notStored("sequence items");
    }
    if (items != null) {
      long it = item(i);
      return new long[] {it, it + 1};
    }
    return tensor.sequenceRange(index(i));
  }

  @Override
  public String toString() {
    String kind = column != null ? ", computed" : groups != null ? ", grouped" : "";
    return "TensorView(" + name + kind + ", " + indices.length + " rows)";
  }
}
