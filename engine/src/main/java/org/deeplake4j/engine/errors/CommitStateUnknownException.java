package org.deeplake4j.engine.errors;

/**
 * The switch of {@code version_control_info.json} failed in a way that does not tell whether it
 * took effect (an I/O error during the conditional write). Nothing was cleaned up: the staged
 * version folders stay, because the new version may be live. Reopen the dataset to see whether the
 * commit landed (its id is in the message); the handle that threw refuses further writes.
 */
public class CommitStateUnknownException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public CommitStateUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
