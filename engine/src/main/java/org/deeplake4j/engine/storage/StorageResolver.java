package org.deeplake4j.engine.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;

/**
 * Picks the storage backend for a dataset URL by scheme: plain paths and {@code file://} are {@link
 * LocalStorage}; {@code mem://name} is a {@link MemoryStorage} in this resolver's memory namespace;
 * {@code hub://} / {@code al://} (Activeloop-hosted) are refused; every other scheme is served by a
 * {@link StorageProvider} named in the option {@code storage.<scheme>.impl} or found by {@link
 * ServiceLoader}.
 *
 * <p>Thread-safe. The memory namespace lives as long as the resolver: use one resolver to reopen an
 * in-memory dataset.
 */
public final class StorageResolver {
  /** Option key prefix naming a provider class per scheme: {@code storage.s3.impl}. */
  public static final String IMPL_OPTION_PREFIX = "storage.";

  private final ConcurrentMap<String, MemoryStorage> memory = new ConcurrentHashMap<>();

  /** Opens the storage for {@code url}. */
  public Storage resolve(String url, Map<String, String> options, boolean readOnly) {
    Storage s = resolveWritable(url, options);
    return readOnly ? s.readOnly() : s;
  }

  private Storage resolveWritable(String url, Map<String, String> options) {
    String scheme = schemeOf(url);
    switch (scheme) {
      case "":
        return new LocalStorage(Path.of(url));
      case "file":
        return new LocalStorage(Path.of(toUri(url)));
      case "mem":
        String name = url.substring("mem://".length());
        return memory.computeIfAbsent(name, MemoryStorage::new);
      case "hub":
      case "al":
        throw new UnsupportedFormatException(
            url
                + ": Activeloop-hosted datasets ("
                + scheme
                + "://) need the Activeloop API for credentials; open the underlying s3://, gs://"
                + " or az:// path instead");
      default:
        return provider(scheme, options).open(toUri(url), options);
    }
  }

  private static StorageProvider provider(String scheme, Map<String, String> options) {
    String impl = options.get(IMPL_OPTION_PREFIX + scheme + ".impl");
    if (impl != null) {
      try {
        Object o = Class.forName(impl).getDeclaredConstructor().newInstance();
        if (!(o instanceof StorageProvider p)) {
          throw new DeepLakeException(impl + " is not a " + StorageProvider.class.getName());
        }
        return p;
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new DeepLakeException(
            "cannot load storage provider " + impl + " for " + scheme + "://: " + e, e);
      }
    }
    for (StorageProvider p : ServiceLoader.load(StorageProvider.class)) {
      if (p.schemes().contains(scheme)) {
        return p;
      }
    }
    throw new UnsupportedFormatException(
        "no storage backend for "
            + scheme
            + ":// URLs; put one on the class path or name it with the option "
            + IMPL_OPTION_PREFIX
            + scheme
            + ".impl");
  }

  /** The lower-case URL scheme, or "" for a plain file-system path. */
  public static String schemeOf(String url) {
    int i = url.indexOf("://");
    if (i <= 0) {
      return "";
    }
    String s = url.substring(0, i);
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
        return "";
      }
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static URI toUri(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new DeepLakeException("not a valid URL: " + e.getMessage(), e);
    }
  }
}
