package org.deeplake4j.spark.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.RemoteIterator;
import org.deeplake4j.engine.storage.KeyNotFoundException;
import org.deeplake4j.engine.storage.Keys;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageAccessDeniedException;
import org.deeplake4j.engine.storage.StorageException;

/**
 * A dataset root on a Hadoop {@link FileSystem} (S3A, ABFS): listings go through the file system;
 * reads, metadata and deletes too, unless the store has an {@link ObjectReader} (S3: one request
 * each instead of S3A's two); writes go through the store's {@link ObjectWriter} as single
 * requests.
 *
 * <p>Atomic primitives: {@link #put} is one S3 {@code PutObject} / Azure {@code Put Blob} (readers
 * see the old or the new object, never a mix); {@link #putIfAbsent} adds {@code If-None-Match: *}
 * and {@link #putIfMatch} adds {@code If-Match: <ETag>}, both decided by the store. The version of
 * an object is its ETag (on S3 the MD5 of a single-part object's bytes, so rewriting identical
 * bytes keeps it). Ranged reads through the file system (ABFS) are positioned reads of a stream
 * opened with the {@code random} read policy and the already known file status (no second HEAD
 * request); on S3 they are {@code GetObject} requests with a {@code Range}. A read that finds its
 * object replaced between its requests is done again.
 *
 * <p>Thread-safe (the file systems and writers are). The file system and writer belong to the
 * provider, which shares them among storages of the same bucket and options; {@link #close()}
 * releases nothing. Messages name the root and key but never a secret: any text of a failure that
 * contains one of the secret option values is dropped.
 */
final class HadoopStorage implements Storage {
  private final FileSystem fs;
  private final URI rootUri;
  private final String rootPath;
  private final String printable;
  private final ObjectWriter writer;
  private final ObjectReader reader;
  private final Set<String> secrets;

  /**
   * @param fs the file system (shared; not closed by this storage)
   * @param rootUri the dataset root (no trailing slash)
   * @param printable the root for messages
   * @param writer single-request writes, or null to write through the file system (no conditional
   *     writes then)
   * @param secrets secret option values that no message may contain
   */
  HadoopStorage(
      FileSystem fs, URI rootUri, String printable, ObjectWriter writer, Set<String> secrets) {
    this.fs = fs;
    this.rootUri = rootUri;
    String p = rootUri.getPath() == null ? "" : rootUri.getPath();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    this.rootPath = p;
    this.printable = printable;
    this.writer = writer;
    this.reader = writer instanceof ObjectReader r ? r : null;
    this.secrets = Set.copyOf(secrets);
  }

  @Override
  public String root() {
    return printable;
  }

  /** The file-system path of {@code key}, built from components so no key text is parsed. */
  private Path path(String key) {
    try {
      return new Path(
          new URI(
              rootUri.getScheme(),
              rootUri.getRawAuthority() == null ? null : rootUri.getAuthority(),
              rootPath + "/" + key,
              null,
              null));
    } catch (URISyntaxException e) {
      throw new StorageException(
          "cannot address " + key + " under " + printable + ": " + e.getMessage(), e);
    }
  }

  /** The object name of {@code key} inside its bucket or container. */
  private String objectName(String key) {
    String p = rootPath.startsWith("/") ? rootPath.substring(1) : rootPath;
    return p.isEmpty() ? key : p + "/" + key;
  }

  /** Reads of an object replaced while they ran (a concurrent writer) are tried this often. */
  private static final int READ_ATTEMPTS = 10;

  /** An I/O step that may see its object replaced underneath it. */
  private interface Read<T> {
    T run() throws IOException;
  }

  /** Runs {@code read}, again while the object is replaced between its requests. */
  private <T> T reading(Read<T> read) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.run();
      } catch (IOException e) {
        if (writer == null || attempt >= READ_ATTEMPTS || !writer.isReplacedWhileReading(e)) {
          throw e;
        }
      }
    }
  }

  @Override
  public byte[] get(String key) {
    Path p = path(Keys.check(key));
    try {
      if (reader != null) {
        return reader.get(objectName(key));
      }
      return reading(
          () -> {
            try (FSDataInputStream in = fs.open(p)) {
              return in.readAllBytes();
            }
          });
    } catch (IOException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    Keys.check(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + key);
    }
    try {
      if (reader != null && length > 0) {
        return reader.getRange(objectName(key), offset, length);
      }
      return reading(() -> readRange(key, offset, length));
    } catch (IOException e) {
      throw failure("read", key, e);
    }
  }

  private byte[] readRange(String key, long offset, int length) throws IOException {
    Path p = path(key);
    try {
      FileStatus st = fs.getFileStatus(p);
      if (!st.isFile()) {
        throw new KeyNotFoundException(printable, key);
      }
      if (offset >= st.getLen() || length == 0) {
        return new byte[0];
      }
      int n = (int) Math.min(length, st.getLen() - offset);
      byte[] out = new byte[n];
      try (FSDataInputStream in =
          fs.openFile(p)
              .withFileStatus(st)
              .opt("fs.option.openfile.read.policy", "random")
              .build()
              .get()) {
        in.readFully(offset, out);
      }
      return out;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof IOException io ? io : new IOException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  @Override
  public void put(String key, byte[] data) {
    Keys.check(key);
    try {
      if (writer != null) {
        writer.put(objectName(key), data);
      } else {
        try (FSDataOutputStream out = fs.create(path(key), true)) {
          out.write(data);
        }
      }
    } catch (IOException e) {
      throw failure("write", key, e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    Keys.check(key);
    try {
      return conditional(key).putIfAbsent(objectName(key), data);
    } catch (IOException e) {
      throw failure("write", key, e);
    }
  }

  @Override
  public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
    Keys.check(key);
    try {
      return conditional(key).putIfMatch(objectName(key), data, expectedVersion);
    } catch (IOException e) {
      throw failure("write", key, e);
    }
  }

  private ObjectWriter conditional(String key) {
    if (writer == null) {
      throw new StorageException(
          "cannot write "
              + printable
              + "/"
              + key
              + " conditionally: "
              + rootUri.getScheme()
              + ":// has no conditional write here (S3 needs S3A; Azure needs SharedKey"
              + " credentials, fs.azure.account.key.<account>.dfs.core.windows.net)");
    }
    return writer;
  }

  @Override
  public void delete(String key) {
    Path p = path(Keys.check(key));
    try {
      if (reader != null) {
        reader.delete(objectName(key));
        return;
      }
      fs.delete(p, false);
    } catch (PathIsNotEmptyDirectoryException e) {
      // a "directory" (common prefix) is not an object: nothing to delete
    } catch (FileNotFoundException e) {
      // already gone
    } catch (IOException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    Keys.checkPrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    String dir = slash < 0 ? "" : prefix.substring(0, slash);
    Path dirPath = dir.isEmpty() ? new Path(rootUri) : path(dir);
    String base = rootPath + "/";
    List<String> out = new ArrayList<>();
    try {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dirPath, true);
      while (it.hasNext()) {
        LocatedFileStatus st = it.next();
        String full = st.getPath().toUri().getPath();
        if (st.isFile() && full.startsWith(base)) {
          String k = full.substring(base.length());
          if (k.startsWith(prefix)) {
            out.add(k);
          }
        }
      }
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw failure("list", prefix.isEmpty() ? "(root)" : prefix, e);
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public boolean exists(String key) {
    return metadata(key).isPresent();
  }

  @Override
  public Optional<ObjectMetadata> metadata(String key) {
    Path p = path(Keys.check(key));
    try {
      if (reader != null) {
        return reader.metadata(objectName(key));
      }
      FileStatus st = fs.getFileStatus(p);
      if (!st.isFile()) {
        return Optional.empty();
      }
      return Optional.of(
          new ObjectMetadata(
              st.getLen(), versionOf(st), Instant.ofEpochMilli(st.getModificationTime())));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("stat", key, e);
    }
  }

  /** The ETag; where the file system has none, length and modification time. */
  private static String versionOf(FileStatus st) {
    if (st instanceof EtagSource es && es.getEtag() != null && !es.getEtag().isEmpty()) {
      return es.getEtag();
    }
    return st.getLen() + "-" + st.getModificationTime();
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public void close() {
    // the file system and writer are shared (HadoopStorageProvider keeps them): nothing to release
  }

  /** The engine exception for a failed operation: typed, with the root and key, never a secret. */
  private RuntimeException failure(String op, String key, IOException e) {
    if (e instanceof FileNotFoundException && (op.equals("read") || op.equals("stat"))) {
      return new KeyNotFoundException(printable, key);
    }
    String what = "cannot " + op + " " + printable + "/" + key + ": ";
    Throwable cause = leaksSecret(e) ? null : e;
    String detail =
        cause == null
            ? e.getClass().getSimpleName()
                + " (details withheld: they contain a secret option value)"
            : e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    if (HadoopStorageProvider.isAccessDenied(e)) {
      return new StorageAccessDeniedException(
          what
              + "access denied; check the credentials in the storage options (for S3:"
              + " fs.s3a.access.key / fs.s3a.secret.key or aws_access_key_id /"
              + " aws_secret_access_key; for Azure: fs.azure.account.key.<account>.dfs.core.windows.net)"
              + " and their permissions. "
              + detail,
          cause);
    }
    return new StorageException(what + detail, cause);
  }

  private boolean leaksSecret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()) + " " + t;
      for (String s : secrets) {
        if (m.contains(s)) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "(no message)";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public String toString() {
    return "HadoopStorage[" + printable + "]";
  }
}
