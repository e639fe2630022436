package org.deeplake4j.engine.tql;

/**
 * The query text is not TQL: where (1-based line and column, counted in code points), the offending
 * token as written ({@code end of input} at the end) and what the parser expected there.
 */
public final class TqlSyntaxException extends TqlException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String token;
  private final String expected;

  /**
   * @param line 1-based line of the offending token
   * @param column 1-based column (in code points) of the offending token
   * @param token the offending token as written, quoted, or {@code end of input}
   * @param expected what would have been accepted there
   */
  public TqlSyntaxException(int line, int column, String token, String expected) {
    super(
        "TQL syntax error at line "
            + line
            + ", column "
            + column
            + ": expected "
            + expected
            + " but found "
            + token);
    this.line = line;
    this.column = column;
    this.token = token;
    this.expected = expected;
  }

  /** 1-based line of the offending token. */
  public int line() {
    return line;
  }

  /** 1-based column (in code points) of the offending token. */
  public int column() {
    return column;
  }

  /** The offending token as written, quoted; {@code end of input} at the end of the text. */
  public String token() {
    return token;
  }

  /** What would have been accepted at that point, e.g. {@code an expression} or {@code ')'}. */
  public String expected() {
    return expected;
  }
}
