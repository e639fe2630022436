package org.deeplake4j.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Storage on a local (POSIX) file system. Keys map to files under the root directory.
 *
 * <p>Atomic primitives: {@link #put} writes a temporary file in the target directory and renames it
 * over the target ({@code rename(2)}, atomic on POSIX). {@link #putIfAbsent} hard-links the
 * temporary file to the target ({@code link(2)} fails if the target exists, atomically). {@link
 * #putIfMatch} takes an exclusive {@code fcntl} lock on the current target file (and a JVM-wide
 * in-process lock, since one JVM cannot hold two overlapping locks), re-checks that the path still
 * names the locked file and that its version matches, then renames the new file over it. The
 * version tag is {@code inode-size-mtimeNanos}: every replacement is a new file, so a new inode.
 *
 * <p>Thread-safe.
 */
public final class LocalStorage implements Storage {
  private static final String TMP_MARK = ".dl4j-tmp-";
  private final Path root;
  private final boolean readOnly;

  /**
   * One JVM cannot hold two overlapping {@code fcntl} locks on a file (the second throws {@link
   * OverlappingFileLockException}), and every {@code LocalStorage} instance of a JVM (one per open
   * dataset handle) would contend for the same {@code version_control_info.json}: conditional
   * writes are serialised JVM-wide, not per instance.
   */
  private static final ReentrantLock CAS_LOCK = new ReentrantLock();

  public LocalStorage(Path root) {
    this(root, false);
  }

  public LocalStorage(Path root, boolean readOnly) {
    this.root = root.toAbsolutePath().normalize();
    this.readOnly = readOnly;
  }

  /** The root directory. */
  public Path rootPath() {
    return root;
  }

  @Override
  public Optional<Path> localRoot() {
    return Optional.of(root);
  }

  @Override
  public String root() {
    return root.toString();
  }

  private Path resolve(String key) {
    Path p = root.resolve(Keys.check(key)).normalize();
    if (!p.startsWith(root)) {
      throw new InvalidKeyException(key, "resolves outside the dataset root");
    }
    return p;
  }

  @Override
  public byte[] get(String key) {
    Path p = resolve(key);
    try {
      if (Files.isDirectory(p)) {
        throw new KeyNotFoundException(root(), key);
      }
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new KeyNotFoundException(root(), key);
    } catch (IOException e) {
      throw new StorageException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + key);
    }
    Path p = resolve(key);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long size = ch.size();
      if (offset >= size) {
        return new byte[0];
      }
      int n = (int) Math.min(length, size - offset);
      ByteBuffer buf = ByteBuffer.allocate(n);
      while (buf.hasRemaining()) {
        if (ch.read(buf, offset + buf.position()) < 0) {
          break;
        }
      }
      return buf.position() == n
          ? buf.array()
          : java.util.Arrays.copyOf(buf.array(), buf.position());
    } catch (NoSuchFileException e) {
      throw new KeyNotFoundException(root(), key);
    } catch (IOException e) {
      throw new StorageException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private void checkWritable(String op, String key) {
    if (readOnly) {
      throw new ReadOnlyStorageException(root(), op, key);
    }
  }

  private Path writeTemp(Path target, byte[] data) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + TMP_MARK + UUID.randomUUID());
    try (FileChannel ch =
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    }
    return tmp;
  }

  @Override
  public void put(String key, byte[] data) {
    checkWritable("put", key);
    Path p = resolve(key);
    Path tmp = null;
    try {
      tmp = writeTemp(p, data);
      moveAtomically(tmp, p);
      tmp = null;
    } catch (IOException e) {
      throw new StorageException("cannot write " + p + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    checkWritable("put", key);
    Path p = resolve(key);
    Path tmp = null;
    try {
      tmp = writeTemp(p, data);
      try {
        Files.createLink(p, tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    } catch (IOException e) {
      throw new StorageException("cannot write " + p + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  @Override
  public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
    checkWritable("put", key);
    Path p = resolve(key);
    Path tmp = null;
    CAS_LOCK.lock();
    try {
      tmp = writeTemp(p, data);
      while (true) {
        Object before;
        try {
          before = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
          return false;
        }
        FileChannel ch;
        try {
          ch = FileChannel.open(p, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
          return false;
        }
        try (ch) {
          if (!sameFile(p, before)) {
            continue; // replaced while opening: we may hold the old file
          }
          try (FileLock ignored = ch.lock()) {
            BasicFileAttributes now;
            try {
              now = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
              return false;
            }
            if (!before.equals(now.fileKey())) {
              continue; // replaced before we got the lock: lock the new file instead
            }
            if (!versionOf(now).equals(expectedVersion)) {
              return false;
            }
            moveAtomically(tmp, p);
            tmp = null;
            return true;
          } catch (OverlappingFileLockException e) {
            throw new StorageException("concurrent conditional write of " + p + " in this JVM", e);
          }
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot write " + p + ": " + e.getMessage(), e);
    } finally {
      CAS_LOCK.unlock();
      deleteQuietly(tmp);
    }
  }

  private static boolean sameFile(Path p, Object fileKey) throws IOException {
    try {
      return fileKey.equals(Files.readAttributes(p, BasicFileAttributes.class).fileKey());
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static String versionOf(BasicFileAttributes a) {
    long nanos =
        a.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
            + a.lastModifiedTime().toInstant().getNano();
    return a.fileKey() + "-" + a.size() + "-" + nanos;
  }

  @Override
  public void delete(String key) {
    checkWritable("delete", key);
    Path p = resolve(key);
    try {
      Files.deleteIfExists(p);
      pruneEmptyParents(p.getParent());
    } catch (DirectoryNotEmptyException e) {
      throw new StorageException("cannot delete " + p + ": it is a non-empty directory", e);
    } catch (IOException e) {
      throw new StorageException("cannot delete " + p + ": " + e.getMessage(), e);
    }
  }

  private void pruneEmptyParents(Path dir) {
    while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
      try {
        Files.delete(dir);
      } catch (IOException e) {
        return; // not empty, or raced with a writer: stop
      }
      dir = dir.getParent();
    }
  }

  @Override
  public List<String> list(String prefix) {
    Keys.checkPrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    Path dir = slash < 0 ? root : resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .forEach(
              f -> {
                String k = root.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (k.startsWith(prefix) && !k.contains(TMP_MARK)) {
                  out.add(k);
                }
              });
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new StorageException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(resolve(key));
  }

  @Override
  public Optional<ObjectMetadata> metadata(String key) {
    Path p = resolve(key);
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(
          new ObjectMetadata(a.size(), versionOf(a), a.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot stat " + p + ": " + e.getMessage(), e);
    }
  }

  /** Opens a stream over a file (for large link targets). Caller closes. */
  public InputStream openStream(String key) {
    try {
      return Files.newInputStream(resolve(key));
    } catch (NoSuchFileException e) {
      throw new KeyNotFoundException(root(), key);
    } catch (IOException e) {
      throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean isReadOnly() {
    return readOnly;
  }

  @Override
  public void close() {}

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover temp file is harmless: listings skip it
      }
    }
  }
}
