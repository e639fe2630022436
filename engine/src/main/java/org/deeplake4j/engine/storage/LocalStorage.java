package org.deeplake4j.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.deeplake4j.engine.errors.CorruptDataException;

/**
 * Storage on a local (POSIX) file system. Keys map to files under the root directory.
 *
 * <p>Atomic primitives: {@link #put} writes a temporary file in the target directory and renames it
 * over the target ({@code rename(2)}, atomic on POSIX). {@link #putIfAbsent} hard-links the
 * temporary file to the target ({@code link(2)} fails if the target exists, atomically); on file
 * systems without hard links it renames under the key's lock instead. {@link #putIfMatch} holds the
 * key's lock, checks the current version and renames the new file over the target.
 *
 * <p>The lock of a key is an exclusive {@code fcntl} lock on a sidecar file {@code
 * <key>.dl4j-tmp-lock} (never listed, never replaced, never deleted), plus a JVM-wide in-process
 * lock: one JVM cannot hold two overlapping {@code fcntl} locks, and POSIX drops every lock a
 * process holds on a file when any descriptor of that file is closed, which is why the lock is not
 * taken on the data file itself (any concurrent read would release it). {@link #put} and {@link
 * #delete} take the lock too when the key has one, so they never interleave with a conditional
 * write.
 *
 * <p>The version tag is {@code inode-size-mtimeNanos}. Inode numbers are reused as soon as a file
 * is freed, so a replacement under the lock gets an mtime strictly after the file it replaces: a
 * version never comes back, even where the file-system clock is coarse.
 *
 * <p>Thread-safe.
 */
public final class LocalStorage implements Storage {
  private static final String TMP_MARK = ".dl4j-tmp-";
  private static final String LOCK_SUFFIX = TMP_MARK + "lock";

  /** JVM-wide in-process locks, striped by lock-file path (shared by every instance). */
  private static final ReentrantLock[] JVM_LOCKS = new ReentrantLock[64];

  static {
    for (int i = 0; i < JVM_LOCKS.length; i++) {
      JVM_LOCKS[i] = new ReentrantLock();
    }
  }

  /** Attempts of a write whose folder a concurrent delete pruned meanwhile. */
  private static final int PRUNE_RETRIES = 10;

  private final Path root;
  private final boolean readOnly;
  private final boolean hardLinks;

  public LocalStorage(Path root) {
    this(root, false);
  }

  public LocalStorage(Path root, boolean readOnly) {
    this(root, readOnly, true);
  }

  /**
   * For tests: {@code hardLinks = false} takes the path of file systems without {@code link(2)}.
   */
  LocalStorage(Path root, boolean readOnly, boolean hardLinks) {
    this.root = root.toAbsolutePath().normalize();
    this.readOnly = readOnly;
    this.hardLinks = hardLinks;
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

  /**
   * Files at least this large are copied out of a read-only memory map: one copy from the page
   * cache instead of two (a heap-array read goes through a temporary native buffer), about 40%
   * faster for a 16 MB chunk. Smaller files are read, which costs fewer system calls.
   */
  static final long MAP_THRESHOLD = 1 << 20;

  /**
   * {@inheritDoc}
   *
   * <p>Large files are copied from a memory map (released when the JVM collects it). A file cut
   * short while it is being copied (a writer that truncates in place instead of renaming) is read
   * again the ordinary way.
   */
  @Override
  public byte[] get(String key) {
    Path p = resolve(key);
    refuseDirectory(p, key);
    try {
      byte[] mapped = getMapped(p);
      return mapped != null ? mapped : Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new KeyNotFoundException(root(), key);
    } catch (IOException e) {
      throw new StorageException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * A directory where a file is read (a chunk replaced by a folder) is damage, not a missing file:
   * {@link CorruptDataException}, as Python's {@code DirectoryAtPathException}.
   */
  private void refuseDirectory(Path p, String key) {
    if (Files.isDirectory(p)) {
      throw new CorruptDataException(key, "is a directory, not a file (under " + root() + ")");
    }
  }

  /** The whole file through a memory map, or null when it is small or changed while copying. */
  private static byte[] getMapped(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < MAP_THRESHOLD || size > Integer.MAX_VALUE - 16) {
        return null;
      }
      byte[] out = new byte[(int) size];
      try {
        ch.map(FileChannel.MapMode.READ_ONLY, 0, size).get(out);
      } catch (InternalError e) {
        return null; // SIGBUS: the file shrank under the map
      }
      return ch.size() == size ? out : null;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Ranges of {@link #MAP_THRESHOLD} bytes or more are copied out of a memory map (one copy into
   * heap or direct buffers alike); smaller ones are read.
   */
  @Override
  public int readInto(String key, long offset, ByteBuffer dst) {
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset + " of " + key);
    }
    Path p = resolve(key);
    refuseDirectory(p, key);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long size = ch.size();
      int n = (int) Math.max(0, Math.min(dst.remaining(), size - offset));
      if (n >= MAP_THRESHOLD) {
        int start = dst.position();
        try {
          dst.put(ch.map(FileChannel.MapMode.READ_ONLY, offset, n));
          if (ch.size() == size) {
            return n;
          }
        } catch (InternalError e) {
          // SIGBUS: the file shrank under the map; read what is there
        }
        dst.position(start);
      }
      int start = dst.position();
      while (dst.hasRemaining()) {
        if (ch.read(dst, offset + dst.position() - start) < 0) {
          break;
        }
      }
      return dst.position() - start;
    } catch (NoSuchFileException e) {
      throw new KeyNotFoundException(root(), key);
    } catch (IOException e) {
      throw new StorageException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The file is memory-mapped read-only (released when the buffer is collected); an empty file
   * or one over 2 GiB is read the ordinary way.
   */
  @Override
  public ByteBuffer readMapped(String key) {
    Path p = resolve(key);
    if (Files.isDirectory(p)) {
      throw new KeyNotFoundException(root(), key);
    }
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > 0 && size <= Integer.MAX_VALUE) {
        return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      }
    } catch (NoSuchFileException e) {
      throw new KeyNotFoundException(root(), key);
    } catch (IOException | UnsupportedOperationException e) {
      // e.g. a file system without mmap: read it below
    }
    return ByteBuffer.wrap(get(key)).asReadOnlyBuffer();
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + key);
    }
    Path p = resolve(key);
    refuseDirectory(p, key);
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
    Path tmp = target.resolveSibling(target.getFileName() + TMP_MARK + UUID.randomUUID());
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(target.getParent());
        try (FileChannel ch =
            FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer buf = ByteBuffer.wrap(data);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(false);
        }
        return tmp;
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        // a delete() of the folder's last file pruned the folder (or a parent) while we created it
        if (attempt >= PRUNE_RETRIES) {
          throw e;
        }
      }
    }
  }

  @Override
  public void put(String key, byte[] data) {
    checkWritable("put", key);
    Path p = resolve(key);
    Path tmp = null;
    try {
      tmp = writeTemp(p, data);
      if (Files.exists(lockPath(p))) {
        // a key used with putIfMatch: replace it under its lock, with a fresh version
        try (KeyLock ignored = lockKey(p)) {
          Optional<BasicFileAttributes> cur = attributes(p);
          if (cur.isPresent()) {
            advanceMtime(tmp, cur.get());
          }
          moveAtomically(tmp, p);
        }
      } else {
        moveAtomically(tmp, p);
      }
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
      if (hardLinks) {
        try {
          Files.createLink(p, tmp);
          return true;
        } catch (FileAlreadyExistsException e) {
          return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
          // no hard links here (FAT, some FUSE mounts): fall through to the locked rename
        }
      }
      try (KeyLock ignored = lockKey(p)) {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
        moveAtomically(tmp, p);
        tmp = null;
        return true;
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
    try {
      Optional<BasicFileAttributes> before = attributes(p);
      if (before.isEmpty() || !versionOf(before.get()).equals(expectedVersion)) {
        return false; // fast path: nothing to lock, nothing written
      }
      tmp = writeTemp(p, data);
      try (KeyLock ignored = lockKey(p)) {
        Optional<BasicFileAttributes> now = attributes(p);
        if (now.isEmpty() || !versionOf(now.get()).equals(expectedVersion)) {
          return false;
        }
        advanceMtime(tmp, now.get());
        moveAtomically(tmp, p);
        tmp = null;
        return true;
      }
    } catch (IOException e) {
      throw new StorageException("cannot write " + p + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** The key's sidecar lock file. */
  private static Path lockPath(Path p) {
    return p.resolveSibling(p.getFileName() + LOCK_SUFFIX);
  }

  /** A held key lock: the in-process lock, then the fcntl lock on the sidecar file. */
  private static final class KeyLock implements AutoCloseable {
    private final ReentrantLock jvmLock;
    private final FileChannel channel;

    KeyLock(ReentrantLock jvmLock, FileChannel channel) {
      this.jvmLock = jvmLock;
      this.channel = channel;
    }

    @Override
    public void close() throws IOException {
      try {
        channel.close(); // releases the fcntl lock
      } finally {
        jvmLock.unlock();
      }
    }
  }

  private static KeyLock lockKey(Path p) throws IOException {
    Path lock = lockPath(p);
    ReentrantLock jvmLock = JVM_LOCKS[Math.floorMod(lock.hashCode(), JVM_LOCKS.length)];
    jvmLock.lock();
    FileChannel ch = null;
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          Files.createDirectories(lock.getParent());
          ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          break;
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
          if (attempt >= PRUNE_RETRIES) {
            throw e;
          }
        }
      }
      while (true) {
        try {
          ch.lock();
          return new KeyLock(jvmLock, ch);
        } catch (OverlappingFileLockException e) {
          // the same file under another path (a symlinked root) locked in this JVM: wait
          try {
            Thread.sleep(1);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while locking " + p, ie);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      jvmLock.unlock();
      throw e;
    }
  }

  /**
   * Gives {@code tmp}, about to replace a file with attributes {@code old}, an mtime strictly after
   * the old one, so the replacement never gets the old version back (same reused inode, same size,
   * same coarse clock tick).
   */
  private static void advanceMtime(Path tmp, BasicFileAttributes old) throws IOException {
    long oldNanos = nanos(old.lastModifiedTime());
    if (nanos(Files.getLastModifiedTime(tmp)) > oldNanos) {
      return;
    }
    // The file system may round: try a nanosecond later, then coarser steps until it sticks.
    for (long step : new long[] {1L, 1_000L, 1_000_000L, 1_000_000_000L, 2_000_000_000L}) {
      long t = oldNanos + step;
      Files.setLastModifiedTime(
          tmp,
          FileTime.from(
              Instant.ofEpochSecond(
                  Math.floorDiv(t, 1_000_000_000L), Math.floorMod(t, 1_000_000_000L))));
      if (nanos(Files.getLastModifiedTime(tmp)) > oldNanos) {
        return;
      }
    }
    throw new IOException("cannot give " + tmp + " an mtime after " + old.lastModifiedTime());
  }

  private static long nanos(FileTime t) {
    Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  private static Optional<BasicFileAttributes> attributes(Path p) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isRegularFile() ? Optional.of(a) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * The version tag of a file: {@code fileKey-size-mtimeNanos}. Where the platform has no file key
   * (no inode numbers) the tag is {@code nokey-size-mtimeNanos}.
   */
  static String versionOf(BasicFileAttributes a) {
    Object fileKey = a.fileKey();
    return (fileKey == null ? "nokey" : fileKey.toString())
        + "-"
        + a.size()
        + "-"
        + nanos(a.lastModifiedTime());
  }

  @Override
  public void delete(String key) {
    checkWritable("delete", key);
    Path p = resolve(key);
    try {
      if (Files.exists(lockPath(p))) {
        try (KeyLock ignored = lockKey(p)) {
          Files.deleteIfExists(p);
        }
      } else {
        Files.deleteIfExists(p);
      }
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
    try {
      // Other processes write here meanwhile (a temp file renamed over a key, a lease deleted):
      // an entry that vanishes between the directory read and its stat is simply not listed.
      Files.walkFileTree(
          dir,
          new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(
                Path f, java.nio.file.attribute.BasicFileAttributes a) {
              if (a.isRegularFile()) {
                String k = root.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (k.startsWith(prefix) && !k.contains(TMP_MARK)) {
                  out.add(k);
                }
              }
              return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e)
                throws IOException {
              if (e instanceof java.nio.file.NoSuchFileException) {
                return java.nio.file.FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (IOException e) {
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
      return attributes(p)
          .map(a -> new ObjectMetadata(a.size(), versionOf(a), a.lastModifiedTime().toInstant()));
    } catch (IOException e) {
      throw new StorageException("cannot stat " + p + ": " + e.getMessage(), e);
    }
  }

  /** Opens a stream over a file (for large link targets). Caller closes. */
  public InputStream openStream(String key) {
    Path p = resolve(key);
    refuseDirectory(p, key);
    try {
      return Files.newInputStream(p);
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
