package org.deeplake4j.engine.storage;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Opens storages for some URL schemes. Providers are found through {@link java.util.ServiceLoader}
 * or named by class in the option {@code storage.<scheme>.impl}, so the engine never compiles
 * against cloud SDKs. Implementations need a public no-argument constructor.
 */
public interface StorageProvider {
  /** Lower-case schemes served, e.g. {@code s3}, {@code s3a}. */
  Set<String> schemes();

  /**
   * Opens the dataset root at {@code url}. {@code options} carry credentials and endpoints; an
   * implementation must never put secret values into messages or {@link Storage#root()}.
   */
  Storage open(URI url, Map<String, String> options);
}
