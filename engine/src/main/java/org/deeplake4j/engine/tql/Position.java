package org.deeplake4j.engine.tql;

/**
 * Where a token starts in the query text.
 *
 * @param line 1-based line
 * @param column 1-based column, counted in code points
 */
public record Position(int line, int column) {
  @Override
  public String toString() {
    return "line " + line + ", column " + column;
  }
}
