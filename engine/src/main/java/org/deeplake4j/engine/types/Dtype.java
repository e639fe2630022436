package org.deeplake4j.engine.types;

import java.util.Locale;
import org.deeplake4j.engine.errors.CorruptDataException;

/**
 * Numeric element types of Deep Lake 3.x tensors, by numpy name. Elements are stored row-major,
 * little-endian, without padding.
 */
public enum Dtype {
  BOOL("bool", 1, false),
  INT8("int8", 1, false),
  UINT8("uint8", 1, false),
  INT16("int16", 2, false),
  UINT16("uint16", 2, false),
  INT32("int32", 4, false),
  UINT32("uint32", 4, false),
  INT64("int64", 8, false),
  UINT64("uint64", 8, false),
  FLOAT16("float16", 2, true),
  FLOAT32("float32", 4, true),
  FLOAT64("float64", 8, true),
  COMPLEX64("complex64", 8, true),
  COMPLEX128("complex128", 16, true);

  private final String numpyName;
  private final int itemSize;
  private final boolean floating;

  Dtype(String numpyName, int itemSize, boolean floating) {
    this.numpyName = numpyName;
    this.itemSize = itemSize;
    this.floating = floating;
  }

  /** The numpy dtype name, as stored in tensor_meta.json. */
  public String numpyName() {
    return numpyName;
  }

  /** Bytes per element. */
  public int itemSize() {
    return itemSize;
  }

  /** Whether the type is floating point (or complex). */
  public boolean isFloating() {
    return floating;
  }

  /** Whether the type is an unsigned integer. */
  public boolean isUnsigned() {
    return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
  }

  /** Whether this dtype name denotes a numeric type (not str / Any / List / typing strings). */
  public static boolean isNumericName(String name) {
    return parse(name) != null;
  }

  /** The dtype for a numpy name; typing strings (json/list) and "str" give null. */
  public static Dtype parse(String name) {
    if (name == null) {
      return null;
    }
    String n = name.toLowerCase(Locale.ROOT);
    switch (n) {
      case "bool":
      case "bool_":
        return BOOL;
      case "float":
      case "double":
        return FLOAT64;
      case "half":
        return FLOAT16;
      default:
        break;
    }
    return BY_NUMPY_NAME.get(n);
  }

  private static final java.util.Map<String, Dtype> BY_NUMPY_NAME = byNumpyName();

  private static java.util.Map<String, Dtype> byNumpyName() {
    java.util.Map<String, Dtype> m = new java.util.HashMap<>();
    for (Dtype d : values()) {
      m.put(d.numpyName, d);
    }
    return java.util.Map.copyOf(m);
  }

  /** Like {@link #parse} but an unknown name is a {@link CorruptDataException} on {@code key}. */
  public static Dtype require(String name, String key) {
    Dtype d = parse(name);
    if (d == null) {
      throw new CorruptDataException(key, "unknown dtype '" + name + "'");
    }
    return d;
  }
}
