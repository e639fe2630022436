package org.deeplake4j.engine.errors;

/**
 * A value that its tensor cannot hold as given was refused instead of being changed: a float that
 * overflows the tensor's dtype, an integer a float dtype cannot hold exactly or out of an integer
 * dtype's range, a boolean into a numeric dtype (or a number into bool), a non-integer into an
 * integer dtype, a string with a lone UTF-16 surrogate. The message names the tensor, the row (and
 * item) and the value. Nothing was written: the row was refused before any chunk, meta or class
 * name changed.
 */
public class InvalidValueException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public InvalidValueException(String message) {
    super(message);
  }

  public InvalidValueException(String message, Throwable cause) {
    super(message, cause);
  }
}
