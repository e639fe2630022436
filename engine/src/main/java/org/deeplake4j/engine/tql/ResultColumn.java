package org.deeplake4j.engine.tql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.tql.Val.Arr;
import org.deeplake4j.engine.tql.Val.Str;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * One output column of a query with a select list or GROUP BY: either a stored tensor read through
 * the result's rows ({@link Kind#TENSOR}), a stored tensor whose rows are the members of each group
 * ({@link Kind#SEQUENCE}), or values computed by the query ({@link Kind#COMPUTED}: an expression or
 * an aggregate, materialised when the query ran, one value per result row).
 *
 * <p>Computed values are typed: numbers are {@code int64} (integers), {@code bool} (comparisons) or
 * {@code float64}, each row an n-d array (a scalar has shape {@code []}); strings are {@code text};
 * JSON objects and arrays are {@code json}. Immutable and thread-safe.
 */
public final class ResultColumn {
  /** Where the values of a column come from. */
  public enum Kind {
    /** A stored tensor, row {@code i} read at the result's dataset row {@code i}. */
    TENSOR,
    /** A stored tensor, row {@code i} the sequence of its values at the members of group i. */
    SEQUENCE,
    /** Values computed by the query. */
    COMPUTED
  }

  private final String name;
  private final Kind kind;
  private final String tensor;
  private final Val[] values;
  private final SType type;

  private ResultColumn(String name, Kind kind, String tensor, Val[] values, SType type) {
    this.name = name;
    this.kind = kind;
    this.tensor = tensor;
    this.values = values;
    this.type = type;
  }

  static ResultColumn stored(String name, String tensor, boolean sequence) {
    return new ResultColumn(name, sequence ? Kind.SEQUENCE : Kind.TENSOR, tensor, null, null);
  }

  static ResultColumn computed(String name, Val[] values, SType type) {
    return new ResultColumn(name, Kind.COMPUTED, null, values, type);
  }

  SType type() {
    return type;
  }

  /** The output name ({@code AS} alias, the tensor's name, or the expression's text). */
  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** The stored tensor ({@link Kind#TENSOR}, {@link Kind#SEQUENCE}), or null. */
  public String tensor() {
    return tensor;
  }

  /** Number of rows (computed columns; stored columns have the result's length). */
  public int length() {
    return values == null ? -1 : values.length;
  }

  /** {@code generic}, {@code class_label} (labels kept as such), {@code text} or {@code json}. */
  public String htype() {
    requireComputed();
    return switch (type.kind()) {
      case STR -> "text";
      case DYN -> "json";
      case NUM -> type.classNames() != null ? "class_label" : "generic";
    };
  }

  /**
   * The dtype of numeric values: {@code int64}, {@code float64} or {@code bool} (a column whose
   * rows mix kinds reports the dtype of its first non-empty row); null for text and json columns.
   */
  public Dtype dtype() {
    requireComputed();
    if (type.isStr()) {
      return null;
    }
    for (Val v : values) {
      if (v instanceof Arr a && a.size() > 0) {
        return dtypeOf(a);
      }
      if (!(v instanceof Arr)) {
        return null;
      }
    }
    if (type.isDyn()) {
      return null;
    }
    return type.integral() ? Dtype.INT64 : Dtype.FLOAT64;
  }

  /** Class names of computed label values (a GROUP BY key over a class_label tensor), or null. */
  public List<String> classNames() {
    return type == null ? null : type.classNames();
  }

  private static Dtype dtypeOf(Arr a) {
    return a.bool ? Dtype.BOOL : a.isInt() ? Dtype.INT64 : Dtype.FLOAT64;
  }

  private void requireComputed() {
    if (kind != Kind.COMPUTED) {
      throw new IllegalStateException("column '" + name + "' is stored tensor '" + tensor + "'");
    }
  }

  private Val value(long row) {
    requireComputed();
    if (row < 0 || row >= values.length) {
      throw new IndexOutOfBoundsException(
          "row " + row + " of column '" + name + "' (" + values.length + " rows)");
    }
    return values[(int) row];
  }

  /**
   * The shape of row {@code row}: of the array, {@code []} for a string, JSON values {@code []}.
   */
  public long[] shape(long row) {
    Val v = value(row);
    return v instanceof Arr a ? a.shape.clone() : new long[0];
  }

  /** The numeric value of row {@code row}. */
  public NdArray numpy(long row) {
    Val v = value(row);
    if (!(v instanceof Arr a)) {
      throw new DeepLakeException(
          "row " + row + " of column '" + name + "' is " + Ops.kindOf(v) + ", not numeric");
    }
    Dtype dt = dtypeOf(a);
    ByteBuffer b = ByteBuffer.allocate(a.size() * dt.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < a.size(); i++) {
      switch (dt) {
        case BOOL -> b.put((byte) (a.l[i] != 0 ? 1 : 0));
        case INT64 -> b.putLong(a.l[i]);
        default -> b.putDouble(a.d[i]);
      }
    }
    return NdArray.of(dt, a.shape.clone(), b.array());
  }

  /** The string of row {@code row} (text columns). */
  public String text(long row) {
    Val v = value(row);
    if (v instanceof Str s) {
      return s.s();
    }
    throw new DeepLakeException(
        "row " + row + " of column '" + name + "' is " + Ops.kindOf(v) + ", not a string");
  }

  /** Row {@code row} as JSON: numbers, strings, arrays (nested by shape) or the JSON value. */
  public JsonNode json(long row) {
    return toJson(value(row));
  }

  static JsonNode toJson(Val v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v instanceof Str s) {
      return f.textNode(s.s());
    }
    if (v instanceof Val.Json j) {
      return j.node();
    }
    Arr a = (Arr) v;
    if (a.shape.length == 0) {
      return element(a, 0);
    }
    ArrayNode root = f.arrayNode();
    fill(a, root, 0, new int[] {0});
    return root;
  }

  private static JsonNode element(Arr a, int i) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (a.bool) {
      return f.booleanNode(a.l[i] != 0);
    }
    return a.isInt() ? f.numberNode(a.l[i]) : f.numberNode(a.d[i]);
  }

  private static void fill(Arr a, ArrayNode into, int dim, int[] next) {
    long n = a.shape[dim];
    for (long k = 0; k < n; k++) {
      if (dim == a.shape.length - 1) {
        into.add(element(a, next[0]++));
      } else {
        fill(a, into.addArray(), dim + 1, next);
      }
    }
  }

  @Override
  public String toString() {
    return "ResultColumn(" + name + ", " + kind + (tensor != null ? ", " + tensor : "") + ")";
  }
}
