package org.deeplake4j.engine.errors;

/**
 * A stored file exists but its bytes or JSON do not follow the Deep Lake 3.x format: a truncated
 * chunk, an encoder whose lengths lie, malformed JSON, an unknown dtype. The message names the
 * storage key and the problem. Nothing is written when this is thrown.
 */
public class CorruptDataException extends DeepLakeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public CorruptDataException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  public CorruptDataException(String key, String problem, Throwable cause) {
    super(key + ": " + problem, cause);
    this.key = key;
  }

  /** The storage key of the offending file, relative to the dataset root. */
  public String key() {
    return key;
  }
}
