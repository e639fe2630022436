package org.deeplake4j.engine.internal.write;

/**
 * What the public handle layer (the root package's {@code Dataset}) supplies to the {@link
 * DatasetCore} it wraps: dropping its cached tensor handles when the core moves, flushes or
 * reloads. The write side reads through the read layer itself ({@link VersionSource}); datasets it
 * opens or creates on its own (merge, saved views) are bare cores ({@link Lifecycle}).
 */
public interface HandleLayer {
  /** Forgets every cached tensor handle (the core moved, flushed or reloaded its metadata). */
  void dropTensorHandles();
}
