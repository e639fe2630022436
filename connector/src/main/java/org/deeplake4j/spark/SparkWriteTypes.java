package org.deeplake4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;

/**
 * The write side's type mapping, the inverse of {@link SparkTypes}: which tensor a DataFrame column
 * becomes ({@link #plan}, checked on the driver before any task runs) and how its values convert in
 * the tasks ({@link ColumnWriter}). Numbers and (nested) arrays of numbers become numeric tensors
 * of the matching dtype; strings text, or class_label with fixed class names; binary image or media
 * files stored as given; null an empty sample. Settings come from the write's options ({@code
 * htype.<col>}, ...), else from the column metadata the reader writes ({@code deeplake.htype},
 * ...), so a read DataFrame writes back with its htypes.
 */
final class SparkWriteTypes {
  private SparkWriteTypes() {}

  /** How a column's values convert. */
  enum Kind {
    /** A number: a scalar sample. */
    NUMBER,
    /** (Nested) arrays of numbers: an array sample of their shape. */
    ARRAY,
    /** A string: a text sample. */
    TEXT,
    /** A string (or array of strings): class_label indices by the tensor's fixed class names. */
    CLASS_NAME,
    /** Bytes of a file (image, video, ...) stored as given. */
    FILE
  }

  /**
   * A column as the tensor it becomes.
   *
   * @param column the column (and tensor) name
   * @param ordinal the column's position in the written rows
   * @param kind how values convert
   * @param spec the tensor to create when the dataset has none of this name
   */
  record ColumnPlan(String column, int ordinal, Kind kind, TensorSpec spec) {}

  /**
   * The tensors of the DataFrame's columns.
   *
   * @throws org.apache.spark.sql.AnalysisException naming a column whose type or settings have no
   *     tensor
   */
  static List<ColumnPlan> plan(StructType schema, DeepLakeWriteOptions options) {
    List<ColumnPlan> out = new ArrayList<>();
    StructField[] fs = schema.fields();
    for (int i = 0; i < fs.length; i++) {
      out.add(plan(fs[i], i, options));
    }
    return out;
  }

  /** Name to spec of the planned tensors, in column order (the schema of a new dataset). */
  static Map<String, TensorSpec> schema(List<ColumnPlan> plans) {
    Map<String, TensorSpec> m = new LinkedHashMap<>();
    for (ColumnPlan p : plans) {
      m.put(p.column(), p.spec());
    }
    return m;
  }

  private static ColumnPlan plan(StructField f, int ordinal, DeepLakeWriteOptions options) {
    String col = f.name();
    DeepLakeWriteOptions.Column o = options.column(col);
    Metadata md = f.metadata();
    String htype = o.htype() != null ? o.htype() : string(md, SparkTypes.HTYPE_KEY);
    String dtype = o.dtype() != null ? o.dtype() : string(md, SparkTypes.DTYPE_KEY);
    String sc =
        o.sampleCompression() != null
            ? o.sampleCompression()
            : string(md, SparkTypes.SAMPLE_COMPRESSION_KEY);
    String cc =
        o.chunkCompression() != null
            ? o.chunkCompression()
            : string(md, SparkTypes.CHUNK_COMPRESSION_KEY);
    List<String> names = o.classNames();
    if (names == null && md.contains(SparkTypes.CLASS_NAMES_KEY)) {
      names = List.of(md.getStringArray(SparkTypes.CLASS_NAMES_KEY));
    }
    DataType elem = f.dataType();
    int levels = 0;
    while (elem instanceof ArrayType a) {
      elem = a.elementType();
      levels++;
    }
    Kind kind;
    if (isNumber(elem)) {
      if (elem instanceof DecimalType d && !d.equals(SparkTypes.UINT64)) {
        throw unsupported(col, f.dataType(), "decimals other than decimal(20,0) (uint64)");
      }
      if (htype == null) {
        htype = "generic";
      }
      Htype h = htypeOf(col, f.dataType(), htype);
      boolean integral = !(elem instanceof FloatType || elem instanceof DoubleType);
      if (!(h.kind() == Htype.Kind.NUMERIC
          || h.kind() == Htype.Kind.CLASS_LABEL && integral && !(elem instanceof BooleanType))) {
        throw unsupported(col, f.dataType(), "htype '" + htype + "' (numbers make numeric htypes)");
      }
      if (dtype == null && h.kind() != Htype.Kind.CLASS_LABEL) {
        dtype = dtypeOf(elem).numpyName();
      }
      kind = levels == 0 ? Kind.NUMBER : Kind.ARRAY;
    } else if (elem instanceof StringType) {
      if (htype == null) {
        htype = "text";
      }
      Htype h = htypeOf(col, f.dataType(), htype);
      if (h == Htype.TEXT && levels == 0) {
        kind = Kind.TEXT;
        dtype = null;
      } else if (h == Htype.CLASS_LABEL && levels <= 1) {
        if (names == null || names.isEmpty()) {
          throw unsupported(
              col,
              f.dataType(),
              "class_label without class names: give them with option classNames."
                  + col
                  + "=name1,name2,...");
        }
        kind = Kind.CLASS_NAME;
      } else {
        throw unsupported(
            col, f.dataType(), "htype '" + htype + "' (strings make text or class_label)");
      }
    } else if (elem instanceof BinaryType && levels == 0) {
      if (htype == null) {
        throw unsupported(
            col,
            f.dataType(),
            "binary without an htype: set htype."
                + col
                + "=image (or video, audio, ...) and sampleCompression."
                + col
                + "=png|jpeg|...");
      }
      Htype h = htypeOf(col, f.dataType(), htype);
      if (h.kind() != Htype.Kind.IMAGE && h.kind() != Htype.Kind.MEDIA) {
        throw unsupported(col, f.dataType(), "htype '" + htype + "' (binary makes file htypes)");
      }
      if (sc == null) {
        throw unsupported(
            col,
            f.dataType(),
            "htype '"
                + htype
                + "' without the files' format: set sampleCompression."
                + col
                + "=png|jpeg|...");
      }
      kind = Kind.FILE;
    } else {
      throw unsupported(col, f.dataType(), "this Spark type");
    }
    TensorSpec spec;
    try {
      spec = TensorSpec.of(htype);
      if (dtype != null) {
        spec = spec.withDtype(dtype);
      }
      if (sc != null) {
        spec = spec.withSampleCompression(sc);
      }
      if (cc != null) {
        spec = spec.withChunkCompression(cc);
      }
      if (names != null && Htype.find(htype).orElse(null) == Htype.CLASS_LABEL) {
        spec = spec.withClassNames(names);
      }
      if (options.maxChunkSize() != null) {
        spec = spec.withMaxChunkSize(options.maxChunkSize());
      }
      if (options.tilingThreshold() != null) {
        spec = spec.withTilingThreshold(options.tilingThreshold());
      }
    } catch (RuntimeException e) {
      throw unsupported(col, f.dataType(), "these settings: " + e.getMessage());
    }
    return new ColumnPlan(col, ordinal, kind, spec);
  }

  private static Htype htypeOf(String col, DataType type, String htype) {
    Htype h = Htype.find(htype).orElse(null);
    if (h == null) {
      throw unsupported(col, type, "htype '" + htype + "' (not a plain htype this writer makes)");
    }
    return h;
  }

  private static String string(Metadata md, String key) {
    return md.contains(key) ? md.getString(key) : null;
  }

  private static boolean isNumber(DataType t) {
    return t instanceof ByteType
        || t instanceof ShortType
        || t instanceof IntegerType
        || t instanceof LongType
        || t instanceof FloatType
        || t instanceof DoubleType
        || t instanceof BooleanType
        || t instanceof DecimalType;
  }

  /** The dtype of a Spark number type (the inverse of {@link SparkTypes#element}). */
  static Dtype dtypeOf(DataType t) {
    if (t instanceof ByteType) {
      return Dtype.INT8;
    } else if (t instanceof ShortType) {
      return Dtype.INT16;
    } else if (t instanceof IntegerType) {
      return Dtype.INT32;
    } else if (t instanceof LongType) {
      return Dtype.INT64;
    } else if (t instanceof FloatType) {
      return Dtype.FLOAT32;
    } else if (t instanceof DoubleType) {
      return Dtype.FLOAT64;
    } else if (t instanceof BooleanType) {
      return Dtype.BOOL;
    }
    return Dtype.UINT64;
  }

  private static RuntimeException unsupported(String col, DataType type, String what) {
    return DeepLakeErrors.unsupportedColumn(col, type.simpleString(), what);
  }

  /**
   * Binds the planned columns to the tensors of the dataset written ({@code ds}, at the
   * transaction's base): every column must name a tensor whose htype takes its values.
   *
   * @throws org.apache.spark.sql.AnalysisException naming the column that does not fit
   */
  static List<ColumnWriter> bind(List<ColumnPlan> plans, StructType schema, Dataset ds) {
    List<ColumnWriter> out = new ArrayList<>();
    for (ColumnPlan p : plans) {
      DataType type = schema.fields()[p.ordinal()].dataType();
      if (!ds.hasTensor(p.column())) {
        throw DeepLakeErrors.columnNotATensor(ds.path(), p.column(), ds.tensorNames());
      }
      Tensor t = ds.tensor(p.column());
      Htype.Kind tk = t.isLink() || t.isSequence() ? null : t.baseType().kind();
      Kind kind = p.kind();
      String problem = null;
      switch (kind) {
        case NUMBER, ARRAY -> {
          if (tk != Htype.Kind.NUMERIC && tk != Htype.Kind.CLASS_LABEL) {
            problem = "numbers go to numeric or class_label tensors";
          }
        }
        case TEXT, CLASS_NAME -> {
          if (tk == Htype.Kind.CLASS_LABEL) {
            kind = Kind.CLASS_NAME;
            if (t.classNames().isEmpty()) {
              problem = "the class_label tensor has no class names to map the strings to";
            }
          } else if (tk != Htype.Kind.TEXT || kind == Kind.CLASS_NAME) {
            problem = "strings go to text or class_label tensors";
          }
        }
        case FILE -> {
          if (tk != Htype.Kind.IMAGE && tk != Htype.Kind.MEDIA) {
            problem = "binary goes to image or media tensors";
          } else if (t.metadata().sampleCompression() == null) {
            problem = "the tensor stores decoded pixels (no sample compression), not files";
          }
        }
      }
      if (problem != null) {
        throw DeepLakeErrors.columnDoesNotFit(ds.path(), p.column(), t.htype(), problem);
      }
      out.add(
          new ColumnWriter(
              p.column(),
              p.ordinal(),
              kind,
              type,
              t.dtype(),
              kind == Kind.CLASS_NAME ? List.copyOf(t.classNames()) : List.of(),
              kind == Kind.FILE ? t.metadata().sampleCompression() : null));
    }
    return out;
  }

  /**
   * Converts one column's values to engine values, in the tasks. Serializable.
   *
   * @param column the column and tensor name
   * @param ordinal the column's position in the rows
   * @param kind how values convert
   * @param type the column's Spark type
   * @param dtype the tensor's dtype (null when not fixed yet)
   * @param classNames class names (CLASS_NAME only)
   * @param compression the tensor's sample compression (FILE only)
   */
  record ColumnWriter(
      String column,
      int ordinal,
      Kind kind,
      DataType type,
      Dtype dtype,
      List<String> classNames,
      String compression)
      implements Serializable {

    /** The engine value of the column in {@code row} (null: an empty sample). */
    Object value(InternalRow row, Map<String, Long> labelIndex, String where) {
      if (row.isNullAt(ordinal)) {
        return null;
      }
      return switch (kind) {
        case NUMBER -> scalar(row, ordinal, type, where);
        case ARRAY -> array(row.getArray(ordinal), ((ArrayType) type).elementType(), true, where);
        case TEXT -> row.getUTF8String(ordinal).toString();
        case CLASS_NAME -> {
          if (type instanceof ArrayType) {
            ArrayData a = row.getArray(ordinal);
            List<Long> out = new ArrayList<>(a.numElements());
            for (int i = 0; i < a.numElements(); i++) {
              if (a.isNullAt(i)) {
                throw nullElement(where);
              }
              out.add(label(labelIndex, a.getUTF8String(i).toString(), where));
            }
            yield out;
          }
          yield label(labelIndex, row.getUTF8String(ordinal).toString(), where);
        }
        case FILE -> Samples.file(row.getBinary(ordinal), compression);
      };
    }

    /** Class name to index (a map a writer builds once per column). */
    Map<String, Long> labelIndex() {
      Map<String, Long> m = new HashMap<>();
      for (int i = 0; i < classNames.size(); i++) {
        m.putIfAbsent(classNames.get(i), (long) i);
      }
      return m;
    }

    private long label(Map<String, Long> index, String name, String where) {
      Long i = index.get(name);
      if (i == null) {
        throw new IllegalArgumentException(
            "column '"
                + column
                + "', "
                + where
                + ": '"
                + name
                + "' is not one of the class names "
                + classNames
                + " of the class_label tensor (class names are fixed for a write: add the name"
                + " with option classNames."
                + column
                + " when creating the dataset)");
      }
      return i;
    }

    private Object scalar(
        org.apache.spark.sql.catalyst.expressions.SpecializedGetters g,
        int i,
        DataType t,
        String where) {
      if (t instanceof ByteType) {
        return g.getByte(i);
      } else if (t instanceof ShortType) {
        return g.getShort(i);
      } else if (t instanceof IntegerType) {
        return g.getInt(i);
      } else if (t instanceof LongType) {
        return g.getLong(i);
      } else if (t instanceof FloatType) {
        return g.getFloat(i);
      } else if (t instanceof DoubleType) {
        return g.getDouble(i);
      } else if (t instanceof BooleanType) {
        return g.getBoolean(i);
      } else if (t instanceof DecimalType d) {
        return g.getDecimal(i, d.precision(), d.scale()).toJavaBigDecimal().toBigIntegerExact();
      }
      throw new IllegalStateException("column '" + column + "', " + where + ": type " + t);
    }

    private Object array(ArrayData a, DataType elem, boolean top, String where) {
      int n = a.numElements();
      if (top && !(elem instanceof ArrayType) && dtype != null) {
        boolean exact = dtype == dtypeOf(elem) && !(elem instanceof DecimalType);
        boolean nulls = false;
        for (int i = 0; i < n && exact; i++) {
          nulls |= a.isNullAt(i);
        }
        if (exact && !nulls) {
          if (elem instanceof FloatType) {
            return a.toFloatArray();
          } else if (elem instanceof DoubleType) {
            return a.toDoubleArray();
          } else if (elem instanceof IntegerType) {
            return a.toIntArray();
          } else if (elem instanceof LongType) {
            return a.toLongArray();
          } else if (elem instanceof ShortType) {
            return a.toShortArray();
          } else if (elem instanceof ByteType) {
            return a.toByteArray();
          } else if (elem instanceof BooleanType) {
            return a.toBooleanArray();
          }
        }
      }
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        if (a.isNullAt(i)) {
          throw nullElement(where);
        }
        out.add(
            elem instanceof ArrayType inner
                ? array(a.getArray(i), inner.elementType(), false, where)
                : scalar(a, i, elem, where));
      }
      return out;
    }

    private IllegalArgumentException nullElement(String where) {
      return new IllegalArgumentException(
          "column '"
              + column
              + "', "
              + where
              + ": an array holds null, which no tensor sample can hold (a null array is an empty"
              + " sample)");
    }
  }
}
