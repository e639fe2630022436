package org.deeplake4j.engine.tql;

import org.deeplake4j.engine.errors.DeepLakeException;

/**
 * Root of the errors a TQL query raises: {@link TqlSyntaxException} when the text is not TQL,
 * {@link TqlSemanticException} when it is TQL that does not fit the dataset or its values.
 */
public class TqlException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  TqlException(String message) {
    super(message);
  }
}
