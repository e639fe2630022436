package org.deeplake4j.engine.errors;

/**
 * A view cannot be saved (Python's {@code DatasetViewSavingError}): the dataset's HEAD has
 * uncommitted changes, nothing was committed yet, a view with that id exists, or the dataset was
 * opened read-only. The message says which and how to fix it. Nothing is written when this is
 * thrown.
 */
public class DatasetViewSavingException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public DatasetViewSavingException(String message) {
    super(message);
  }
}
