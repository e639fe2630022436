package org.deeplake4j.engine.internal.tql;

import java.util.List;

/**
 * The static type of a bound expression: what is known about its per-row values before reading any
 * data.
 *
 * @param kind numeric (numbers and booleans, as arrays), string, or dynamic (JSON-derived: any of
 *     them, decided per row)
 * @param size the number of elements every row has, or -1 when it varies or is unknown
 * @param ndim the number of dimensions, or -1 when unknown
 * @param integral whether numeric elements are integers or booleans (kept exactly as 64-bit
 *     integers) rather than floating point
 * @param classNames the class names when the values are labels of a class_label tensor, else null
 * @param source the tensor the values come from (for messages), or null
 */
record SType(
    SType.Kind kind,
    long size,
    int ndim,
    boolean integral,
    List<String> classNames,
    String source) {

  /** Kinds of values. */
  enum Kind {
    NUM,
    STR,
    DYN
  }

  static final SType BOOL = new SType(Kind.NUM, 1, 0, true, null, null);
  static final SType REAL = new SType(Kind.NUM, 1, 0, false, null, null);
  static final SType STR = new SType(Kind.STR, 1, 0, false, null, null);
  static final SType DYN = new SType(Kind.DYN, -1, -1, false, null, null);

  static SType num(long size, int ndim, boolean integral) {
    return new SType(Kind.NUM, size, ndim, integral, null, null);
  }

  boolean isNum() {
    return kind == Kind.NUM;
  }

  boolean isStr() {
    return kind == Kind.STR;
  }

  boolean isDyn() {
    return kind == Kind.DYN;
  }

  SType withClassNames(List<String> names) {
    return new SType(kind, size, ndim, integral, names, source);
  }

  SType withSource(String s) {
    return new SType(kind, size, ndim, integral, classNames, s);
  }

  /** Describes the type for messages, e.g. {@code a string} or {@code tensor 'x' (numeric)}. */
  String describe() {
    String k =
        switch (kind) {
          case NUM -> "numeric";
          case STR -> "string";
          case DYN -> "json";
        };
    return source != null ? "tensor '" + source + "' (" + k + ")" : "a " + k + " value";
  }
}
