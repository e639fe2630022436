package org.deeplake4j.engine.errors;

/**
 * The data is not a Deep Lake 3.x dataset this engine reads: a 2.x dataset (pickled version info),
 * a 4.x dataset, an unknown format version, an Activeloop-hosted path ({@code hub://}), a codec
 * with no decoder.
 */
public class UnsupportedFormatException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedFormatException(String message) {
    super(message);
  }
}
