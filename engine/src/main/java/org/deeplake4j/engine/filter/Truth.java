package org.deeplake4j.engine.filter;

/** SQL's three truth values. */
public enum Truth {
  TRUE,
  FALSE,
  UNKNOWN;

  /** The truth of a boolean. */
  public static Truth of(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** Three-valued AND: false wins, then unknown. */
  public Truth and(Truth o) {
    if (this == FALSE || o == FALSE) {
      return FALSE;
    }
    return this == UNKNOWN || o == UNKNOWN ? UNKNOWN : TRUE;
  }

  /** Three-valued OR: true wins, then unknown. */
  public Truth or(Truth o) {
    if (this == TRUE || o == TRUE) {
      return TRUE;
    }
    return this == UNKNOWN || o == UNKNOWN ? UNKNOWN : FALSE;
  }

  /** Three-valued NOT: unknown stays unknown. */
  public Truth not() {
    return switch (this) {
      case TRUE -> FALSE;
      case FALSE -> TRUE;
      case UNKNOWN -> UNKNOWN;
    };
  }
}
