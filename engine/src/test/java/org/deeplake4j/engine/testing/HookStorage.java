package org.deeplake4j.engine.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.version.DatasetLock;

/**
 * A storage that runs a hook (once) when the next switch of the version tree starts, i.e. when
 * {@code version_control_info.lock} is next written: the window between a writer's staging and its
 * switch, where a test lets another writer win.
 */
public final class HookStorage implements Storage {
  private final Storage delegate;
  private final AtomicReference<Runnable> beforeSwitch = new AtomicReference<>();

  public HookStorage(Storage delegate) {
    this.delegate = delegate;
  }

  /** Runs {@code hook} before the next switch (once). */
  public void beforeNextSwitch(Runnable hook) {
    beforeSwitch.set(hook);
  }

  private void maybeRun(String key) {
    if (DatasetLock.VERSION_INFO_LOCK_KEY.equals(key)) {
      Runnable r = beforeSwitch.getAndSet(null);
      if (r != null) {
        r.run();
      }
    }
  }

  @Override
  public String root() {
    return delegate.root();
  }

  @Override
  public byte[] get(String key) {
    return delegate.get(key);
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    return delegate.getRange(key, offset, length);
  }

  @Override
  public void put(String key, byte[] data) {
    maybeRun(key);
    delegate.put(key, data);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    maybeRun(key);
    return delegate.putIfAbsent(key, data);
  }

  @Override
  public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
    maybeRun(key);
    return delegate.putIfMatch(key, data, expectedVersion);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public boolean exists(String key) {
    return delegate.exists(key);
  }

  @Override
  public Optional<ObjectMetadata> metadata(String key) {
    return delegate.metadata(key);
  }

  @Override
  public Optional<java.nio.file.Path> localRoot() {
    return delegate.localRoot();
  }

  @Override
  public boolean isReadOnly() {
    return delegate.isReadOnly();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
