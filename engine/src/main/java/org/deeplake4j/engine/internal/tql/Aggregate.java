package org.deeplake4j.engine.internal.tql;

import java.util.Locale;
import org.deeplake4j.engine.tql.Expr;

/** The aggregate functions of select lists (with or without GROUP BY). */
enum Aggregate {
  /** {@code COUNT()} / {@code COUNT(*)}: rows of the group; {@code COUNT(x)}: non-empty values. */
  COUNT,
  /** Sum of the values (int64 with wrap-around for integers, else float64; 0 for none). */
  SUM,
  /** Mean of the values as float64 (empty for none). */
  AVG,
  /** Smallest value (empty for none). */
  MIN,
  /** Largest value (empty for none). */
  MAX;

  /** The aggregate named {@code name} (any case), or null. */
  static Aggregate lookup(String name) {
    String u = name.toUpperCase(Locale.ROOT);
    for (Aggregate a : values()) {
      if (a.name().equals(u)) {
        return a;
      }
    }
    return null;
  }

  /** The aggregate a select item calls at its top, or null. */
  static Aggregate of(Expr e) {
    return e instanceof Expr.Call c ? lookup(c.function()) : null;
  }
}
