package org.deeplake4j.engine.filter;

import org.deeplake4j.engine.errors.DeepLakeException;

/**
 * A {@link RowFilter} does not fit the tensors it names (a comparison on a text tensor, a literal
 * of the wrong type, an unknown tensor). Adapters catch it to leave such a predicate to their own
 * engine.
 */
public final class UnsupportedFilterException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedFilterException(String message) {
    super(message);
  }
}
