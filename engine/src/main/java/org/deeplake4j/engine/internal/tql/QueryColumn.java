package org.deeplake4j.engine.internal.tql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.tql.Val.Arr;
import org.deeplake4j.engine.internal.tql.Val.Str;
import org.deeplake4j.engine.tql.ResultColumn;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;

/**
 * The engine's {@link ResultColumn}: a stored tensor's name, or the values a query computed with
 * their static type. Immutable and thread-safe.
 */
final class QueryColumn implements ResultColumn {

  private final String name;
  private final Kind kind;
  private final String tensor;
  private final Val[] values;
  private final SType type;

  private QueryColumn(String name, Kind kind, String tensor, Val[] values, SType type) {
    this.name = name;
    this.kind = kind;
    this.tensor = tensor;
    this.values = values;
    this.type = type;
  }

  static QueryColumn stored(String name, String tensor, boolean sequence) {
    return new QueryColumn(name, sequence ? Kind.SEQUENCE : Kind.TENSOR, tensor, null, null);
  }

  static QueryColumn computed(String name, Val[] values, SType type) {
    return new QueryColumn(name, Kind.COMPUTED, null, values, type);
  }

  SType type() {
    return type;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public String tensor() {
    return tensor;
  }

  @Override
  public int length() {
    return values == null ? -1 : values.length;
  }

  @Override
  public String htype() {
    requireComputed();
    return switch (type.kind()) {
      case STR -> Htype.TEXT.pythonName();
      case DYN -> Htype.JSON.pythonName();
      case NUM -> (type.classNames() != null ? Htype.CLASS_LABEL : Htype.GENERIC).pythonName();
    };
  }

  @Override
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

  @Override
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

  @Override
  public long[] shape(long row) {
    Val v = value(row);
    return v instanceof Arr a ? a.shape.clone() : new long[0];
  }

  @Override
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

  @Override
  public String text(long row) {
    Val v = value(row);
    if (v instanceof Str s) {
      return s.s();
    }
    throw new DeepLakeException(
        "row " + row + " of column '" + name + "' is " + Ops.kindOf(v) + ", not a string");
  }

  @Override
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
