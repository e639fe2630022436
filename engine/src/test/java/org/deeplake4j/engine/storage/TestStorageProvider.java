package org.deeplake4j.engine.storage;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * A provider for the scheme {@code dl4jtest://}, registered in test resources under
 * META-INF/services and also named by class in {@link StorageResolverTest}. Opens a memory storage
 * named after the URL's authority and path, and records the options it was given.
 */
public final class TestStorageProvider implements StorageProvider {
  static volatile Map<String, String> lastOptions;
  static volatile URI lastUrl;

  @Override
  public Set<String> schemes() {
    return Set.of("dl4jtest");
  }

  @Override
  public Storage open(URI url, Map<String, String> options) {
    lastUrl = url;
    lastOptions = options;
    return new MemoryStorage(url.getAuthority() + url.getPath());
  }
}
