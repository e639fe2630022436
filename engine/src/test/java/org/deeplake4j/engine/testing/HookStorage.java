package org.deeplake4j.engine.testing;

import java.util.concurrent.atomic.AtomicReference;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.deeplake4j.engine.storage.ForwardingStorage;
import org.deeplake4j.engine.storage.Storage;

/**
 * A storage that runs a hook (once) when the next switch of the version tree starts, i.e. when
 * {@code version_control_info.lock} is next written: the window between a writer's staging and its
 * switch, where a test lets another writer win.
 */
public final class HookStorage extends ForwardingStorage {
  private final AtomicReference<Runnable> beforeSwitch = new AtomicReference<>();

  public HookStorage(Storage delegate) {
    super(delegate);
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
  public void put(String key, byte[] data) {
    maybeRun(key);
    super.put(key, data);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    maybeRun(key);
    return super.putIfAbsent(key, data);
  }

  @Override
  public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
    maybeRun(key);
    return super.putIfMatch(key, data, expectedVersion);
  }
}
