package org.deeplake4j.spark.storage;

import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageAccessDeniedException;
import org.deeplake4j.engine.storage.StorageException;
import org.deeplake4j.engine.storage.StorageProvider;

/**
 * Opens {@code s3://}, {@code s3a://} (Hadoop S3A) and {@code abfs://}, {@code abfss://} (Hadoop
 * ABFS) dataset roots as {@link HadoopStorage}s. The storage options become the file system's
 * Hadoop configuration ({@link HadoopStorageOptions}). Storages of the same bucket (or container)
 * and options share one file system instance, kept for the life of the JVM; different options
 * (credentials, endpoints) never share one.
 *
 * <p>Conditional writes: S3 through the S3A client ({@link S3ObjectWriter}); Azure through signed
 * Blob REST requests ({@link AzureBlobObjectWriter}), which need the account's SharedKey.
 */
public final class HadoopStorageProvider implements StorageProvider {
  /** Option keys whose values are secrets: never printed, and dropped from any failure text. */
  static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(secret|key|token|password|passwd|sas|credential|signature).*");

  @Override
  public Set<String> schemes() {
    return Set.of("s3", "s3a", "abfs", "abfss");
  }

  @Override
  public Storage open(URI url, Map<String, String> options) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    String printable = printable(url);
    if (url.getHost() == null) {
      throw new StorageException(
          printable
              + ": an object-store URL names its bucket or container: s3a://<bucket>/<path>,"
              + " abfs://<container>@<account>.dfs.core.windows.net/<path>");
    }
    Set<String> secrets = secretValues(options);
    URI root = rootUri(url);
    Backend backend;
    try {
      backend = backend(root, url, options);
    } catch (LinkageError e) {
      throw missingModule(printable, scheme, e);
    } catch (IOException | RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("ClassNotFoundException")
          || e.getCause() instanceof ClassNotFoundException) {
        throw missingModule(printable, scheme, e);
      }
      throw openFailure(printable, e, secrets);
    }
    return new HadoopStorage(backend.fs(), root, printable, backend.writer(), secrets);
  }

  /** A file system and its writer, shared by every storage of one bucket and options. */
  private record Backend(FileSystem fs, ObjectWriter writer) {}

  private record BackendKey(String scheme, String authority, Map<String, String> options) {}

  /**
   * File systems by bucket (or container) and options, kept for the life of the JVM as Hadoop's own
   * {@code FileSystem.get} cache does: creating an S3A or ABFS instance (clients, thread pools)
   * costs far more than a dataset open, and each Spark task opens the dataset again. Unlike
   * Hadoop's cache the key includes the options, so reads with other credentials or endpoints never
   * share an instance.
   */
  private static final ConcurrentMap<BackendKey, Backend> BACKENDS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Backend b : BACKENDS.values()) {
                    try {
                      b.writer().close();
                      b.fs().close();
                    } catch (IOException | RuntimeException ignored) {
                      // shutting down
                    }
                  }
                }));
  }

  private static Backend backend(URI root, URI url, Map<String, String> options)
      throws IOException {
    BackendKey key =
        new BackendKey(
            root.getScheme().toLowerCase(Locale.ROOT), root.getRawAuthority(), Map.copyOf(options));
    Backend b = BACKENDS.get(key);
    if (b != null) {
      return b;
    }
    synchronized (BACKENDS) {
      b = BACKENDS.get(key);
      if (b == null) {
        b = newBackend(root, url, options);
        BACKENDS.put(key, b);
      }
      return b;
    }
  }

  private static Backend newBackend(URI root, URI url, Map<String, String> options)
      throws IOException {
    Configuration conf = HadoopStorageOptions.configuration(url, options);
    FileSystem fs = FileSystem.newInstance(root, conf);
    try {
      ObjectWriter writer;
      if (root.getScheme().toLowerCase(Locale.ROOT).startsWith("s3")) {
        writer = new S3ObjectWriter((org.apache.hadoop.fs.s3a.S3AFileSystem) fs);
      } else {
        writer = AzureBlobObjectWriter.create(url, conf);
      }
      return new Backend(fs, writer);
    } catch (IOException | RuntimeException e) {
      try {
        fs.close();
      } catch (IOException ignored) {
        // reporting the first failure
      }
      throw e;
    }
  }

  /**
   * Whether {@code e} or a cause is a refusal of the credentials: S3A's {@link
   * java.nio.file.AccessDeniedException} (HTTP 403, or no credentials found) or an ABFS REST
   * failure with status 403 (matched by class name, so S3-only class paths need no Azure classes).
   */
  static boolean isAccessDenied(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.nio.file.AccessDeniedException) {
        return true;
      }
      if (t.getClass()
          .getName()
          .equals(
              "org.apache.hadoop.fs.azurebfs.contracts.exceptions.AbfsRestOperationException")) {
        try {
          Object status = t.getClass().getMethod("getStatusCode").invoke(t);
          if (Integer.valueOf(403).equals(status)) {
            return true;
          }
        } catch (ReflectiveOperationException ignored) {
          // not the class we know
        }
      }
    }
    return false;
  }

  /** The URL without user info (except ABFS's container), query or trailing slash. */
  static String printable(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    String authority =
        scheme.startsWith("abfs")
            ? url.getRawAuthority()
            : url.getHost() == null ? "" : url.getHost();
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return scheme + "://" + (authority == null ? "" : authority) + path;
  }

  private static URI rootUri(URI url) {
    return URI.create(printable(url));
  }

  static Set<String> secretValues(Map<String, String> options) {
    Set<String> out = new HashSet<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (e.getValue() != null
          && e.getValue().length() >= 4
          && SECRET_KEY.matcher(e.getKey()).matches()) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  private static RuntimeException missingModule(String printable, String scheme, Throwable e) {
    String needs =
        scheme.startsWith("s3")
            ? "hadoop-aws 3.5.0 with the AWS SDK v2 modules s3, s3-transfer-manager, sts and"
                + " netty-nio-client 2.35.4"
            : "hadoop-azure 3.5.0";
    return new StorageException(
        "cannot open "
            + printable
            + ": "
            + scheme
            + ":// needs "
            + needs
            + " on the class path (README, Object stores): "
            + e,
        e);
  }

  private static RuntimeException openFailure(String printable, Exception e, Set<String> secrets) {
    boolean leaks = false;
    for (Throwable t = e; t != null && !leaks; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      for (String s : secrets) {
        leaks |= m.contains(s);
      }
    }
    String detail =
        leaks
            ? e.getClass().getSimpleName()
                + " (details withheld: they contain a secret option value)"
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    Throwable cause = leaks ? null : e;
    if (isAccessDenied(e)) {
      return new StorageAccessDeniedException(
          "cannot open "
              + printable
              + ": access denied; check the credentials in the storage options. "
              + detail,
          cause);
    }
    return new StorageException("cannot open " + printable + ": " + detail, cause);
  }
}
