package org.deeplake4j.engine.internal.write;

import org.deeplake4j.engine.storage.Storage;

/**
 * What the public handle layer (the root package's {@code Dataset}) supplies to the {@link
 * DatasetCore} it wraps: dropping its cached tensor handles when the core reloads, reads of the
 * core's version through those handles, and opening further datasets wrapped alike.
 *
 * <p>The write side reads samples (merge, saved views, the commit's integrity check) through {@link
 * VersionSource}; until the read layer ({@code internal.read}) offers readers of its own, the
 * handle layer implements that over its public tensor handles.
 */
public interface HandleLayer {
  /** Forgets every cached tensor handle (the core moved, flushed or reloaded its metadata). */
  void dropTensorHandles();

  /** Reads of the wrapped core's version, seeing its staged changes. */
  VersionSource reads();

  /**
   * Opens the dataset in {@code storage} (not closed with the result) at {@code ref} (null: main)
   * with default options, read-only unless {@code writable}, wrapped like this one.
   */
  DatasetCore open(Storage storage, boolean writable, String ref);

  /** Creates an empty dataset in {@code storage}, as {@code Dataset.create(storage, overwrite)}. */
  DatasetCore create(Storage storage, boolean overwrite);
}
