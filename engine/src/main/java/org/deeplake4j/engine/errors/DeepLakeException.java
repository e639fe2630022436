package org.deeplake4j.engine.errors;

/**
 * Root of every exception the engine throws. Unchecked; subclasses exist only where callers branch
 * on them. Messages say what went wrong, where (path, tensor, index, key) and, where there is one,
 * how to fix it. Build messages through {@link Errors}.
 */
public class DeepLakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeepLakeException(String message) {
    super(message);
  }

  public DeepLakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
