package org.deeplake4j.engine.tql;

/**
 * A well-formed query that does not fit the dataset or its values: an unknown tensor or function, a
 * wrong number of arguments, a string compared with a number, a string, JSON object or
 * multi-element array used as a WHERE condition, arrays of different sizes combined element-wise.
 * {@link #subject()} names the tensor or function concerned (or the clause, e.g. {@code WHERE}).
 */
public final class TqlSemanticException extends TqlException {
  private static final long serialVersionUID = 1L;

  private final String subject;

  /**
   * @param subject the tensor, function or clause the error is about
   * @param message what is wrong, with the values concerned
   */
  public TqlSemanticException(String subject, String message) {
    super(message);
    this.subject = subject;
  }

  /** The same error, located at source row {@code row} (for errors that depend on the data). */
  public TqlSemanticException atRow(long row) {
    TqlSemanticException e =
        new TqlSemanticException(subject, getMessage() + " (at dataset row " + row + ")");
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The tensor, function or clause the error is about. */
  public String subject() {
    return subject;
  }
}
