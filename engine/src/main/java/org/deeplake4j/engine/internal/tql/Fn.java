package org.deeplake4j.engine.internal.tql;

import java.util.Locale;

/** The TQL functions, with their arities. Names match case-insensitively. */
enum Fn {
  CONTAINS(2, "CONTAINS(array_or_text, value)"),
  RANDOM(0, "RANDOM()"),
  SHAPE(1, "SHAPE(tensor)"),
  ALL(1, "ALL(boolean_array)"),
  ALL_STRICT(1, "ALL_STRICT(boolean_array)"),
  ANY(1, "ANY(boolean_array)"),
  LOGICAL_AND(2, "LOGICAL_AND(array, array)"),
  LOGICAL_OR(2, "LOGICAL_OR(array, array)"),
  COSINE_SIMILARITY(2, "COSINE_SIMILARITY(array, array)"),
  DOT(2, "DOT(array, array)"),
  L2_NORM(1, "L2_NORM(array)"),
  L1_NORM(1, "L1_NORM(array)"),
  LINF_NORM(1, "LINF_NORM(array)");

  final int arity;
  final String signature;

  Fn(int arity, String signature) {
    this.arity = arity;
    this.signature = signature;
  }

  /** The function named {@code name} (any case), or null. */
  static Fn lookup(String name) {
    String u = name.toUpperCase(Locale.ROOT);
    for (Fn f : values()) {
      if (f.name().equals(u)) {
        return f;
      }
    }
    return null;
  }

  /** Whether the function reads two arrays of equal size element by element. */
  boolean isPairwiseVector() {
    return this == COSINE_SIMILARITY || this == DOT;
  }

  /** Whether the function is a norm of one array. */
  boolean isNorm() {
    return this == L2_NORM || this == L1_NORM || this == LINF_NORM;
  }
}
