package org.deeplake4j.engine.errors;

/**
 * A commit (or another switch of the version tree: flush, branch creation, reset) lost to a
 * concurrent writer and could not be rebased: the branch moved and this writer's changes do not
 * commute with the new tip (an update, pop, rename, delete or info change on something the other
 * writer also changed; a deleted branch), or the switch kept losing for every allowed attempt. The
 * version tree was not changed by this writer; its staged files stay unreferenced (see {@code
 * deeplake vacuum}). The message names the branch, the tips and what conflicted.
 */
public class CommitConflictException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public CommitConflictException(String message) {
    super(message);
  }
}
