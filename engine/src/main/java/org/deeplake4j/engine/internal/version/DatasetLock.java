package org.deeplake4j.engine.internal.version;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.deeplake4j.engine.errors.DatasetLockedException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageException;

/**
 * A writer's hold on one branch of a dataset: Deep Lake 3.x's write lock, byte for byte as {@code
 * deeplake/core/lock.py} (3.9.52) writes it, so that Python and Java writers exclude each other.
 *
 * <p><b>The lock file.</b> {@code dataset_lock.lock} in the folder of the branch's HEAD node (the
 * root for {@link VersionGraph#FIRST_COMMIT_ID}, else {@code versions/<id>/}); 18 bytes: the
 * holder's 6-byte node id (unsigned little-endian; Python: {@code uuid.getnode()}), a float64
 * little-endian expiry time in epoch seconds (now + {@link #VALIDITY}), and a 4-byte tag (Python:
 * its process id, little-endian). A lock is held by someone else when (node id, tag) differ from
 * the caller's, it has not expired and its holder is not provably dead (below); an expired lock, or
 * one whose holder is provably dead, is taken over. Acquisition is Python's: write the record, wait
 * {@link Settings#verifyDelay} (10 ms on local and memory storage, 0.5 s on object stores, as
 * Python), read it back and compare; release deletes the file if it still holds the caller's
 * identity. Read-only opens take no lock.
 *
 * <p><b>Identities.</b> Every Java writer that cooperates through the commit protocol (writers of a
 * branch whose HEAD is not the root, see {@code docs/commit-protocol.md}) uses one identity, {@link
 * #SHARED}: node id = the first 6 bytes of SHA-256({@value #SHARED_IDENTITY_SEED}) with the
 * multicast bit set (as Python's random node ids have it), tag = the ASCII bytes {@code "dl4j"}
 * (little-endian 0x6a346c64, above any process id). So Java writers never block each other, while
 * Python sees a foreign lock and refuses to write. Because they share the identity, closing such a
 * writer deletes the lock only when no other live lease (below) on the branch remains. A writer at
 * a root HEAD (no commit yet) writes in place and locks exclusively with its own {@link
 * #uniqueIdentity()} (random node id, process id tag), like a Python process.
 *
 * <p><b>Leases and dead holders.</b> Every Java writer holding a branch keeps a lease ({@value
 * #LEASE_PREFIX}{@code <session>.lock}, {@link WriterLease}: branch, expiry, lock identity, and the
 * process as {@link LocalProcess} names it: boot id and namespaces, pid, start time), written
 * before its lock record and refreshed with it. A valid lock record whose holder is provably dead
 * is taken over at once ({@link #holderGone}): an exclusive record when a lease of its identity
 * names a process of this machine that no longer runs (its pid is gone, a zombie, or reused by a
 * process with another start time); the shared record when no writer sharing it has a live lease.
 * The 18-byte record itself stays Python's; a record no lease explains (a Python writer's: its node
 * id is a MAC address, which containers and cloned machines share, and its tag a pid of an unknown
 * namespace) or a lease of another machine proves nothing, and waits for the expiry.
 *
 * <p><b>Refresh.</b> A daemon thread rewrites the lock (at the branch's current HEAD, which moves
 * when writers commit) and the lease every {@link #REFRESH_INTERVAL} while held. Python 3.9.52's
 * own refresh is broken (its thread calls {@code refresh_lock(timeout=...)}, a method without that
 * parameter; the {@code TypeError} silently ends the thread), so a Python writer's lock expires 300
 * s after it was taken, whatever it is doing; this class then takes it over.
 *
 * <p>Thread-safe. {@link #close()} stops the refresh thread and releases; idempotent.
 */
public final class DatasetLock implements AutoCloseable {
  /** Lock file name in a HEAD node's folder. */
  public static final String LOCK_FILE = Layout.DATASET_LOCK;

  /** Python's short lock around read-merge-write of {@code version_control_info.json}. */
  public static final String VERSION_INFO_LOCK_KEY = Layout.VERSION_CONTROL_INFO_LOCK;

  /** Folder of the leases of writers sharing {@link #SHARED}. */
  public static final String LEASE_PREFIX = Layout.WRITER_LEASES_FOLDER;

  private static final java.util.regex.Pattern LEASE_KEY =
      java.util.regex.Pattern.compile(
          "^"
              + java.util.regex.Pattern.quote(LEASE_PREFIX)
              + "[0-9a-f]+"
              + java.util.regex.Pattern.quote(Layout.LOCK_SUFFIX)
              + "$");

  /**
   * Whether {@code key} is a writer's lease as this class names it ({@code <hex>.lock} directly in
   * {@link #LEASE_PREFIX}); nothing else in that folder is (a tensor or group may be named {@code
   * .deeplake4j/writers}). Vacuum and copy decide by this, never by the folder alone.
   */
  public static boolean isLeaseKey(String key) {
    return LEASE_KEY.matcher(key).matches();
  }

  /** Python's {@code DATASET_LOCK_VALIDITY}. */
  public static final Duration VALIDITY = Duration.ofSeconds(300);

  /** Python's {@code DATASET_LOCK_UPDATE_INTERVAL}. */
  public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(120);

  /** Validity of {@link #VERSION_INFO_LOCK_KEY}, as Python's {@code save_version_info}. */
  public static final Duration VERSION_INFO_LOCK_VALIDITY = Duration.ofSeconds(10);

  /** The constant the shared identity is derived from. */
  public static final String SHARED_IDENTITY_SEED = "deeplake4j shared writer lock v1";

  /** The identity all cooperating Java writers share (see the class comment). */
  public static final Identity SHARED = sharedIdentity();

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Who holds a lock: a 48-bit node id and a tag (4 bytes in every lock this library or Python
   * writes).
   */
  public record Identity(long nodeId, byte[] tag) {
    public Identity {
      if ((nodeId >>> 48) != 0) {
        throw new IllegalArgumentException("node id wider than 48 bits: " + nodeId);
      }
      tag = tag.clone();
    }

    @Override
    public byte[] tag() {
      return tag.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Identity i && i.nodeId == nodeId && Arrays.equals(i.tag, tag);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(nodeId) * 31 + Arrays.hashCode(tag);
    }

    @Override
    public String toString() {
      return String.format("node 0x%012x tag %d", nodeId, tagValue(tag));
    }
  }

  /**
   * One lock file's content.
   *
   * @param nodeId the holder's 48-bit node id
   * @param expiresAt expiry in epoch seconds
   * @param tag the holder's tag (Python: process id, 4 bytes little-endian)
   */
  public record LockRecord(long nodeId, double expiresAt, byte[] tag) {
    public LockRecord {
      tag = tag.clone();
    }

    @Override
    public byte[] tag() {
      return tag.clone();
    }

    /** Parses lock bytes; null when shorter than Python's 14-byte minimum (no holder). */
    public static LockRecord parse(byte[] b) {
      if (b == null || b.length < 14) {
        return null;
      }
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      long node = 0;
      for (int i = 5; i >= 0; i--) {
        node = (node << 8) | (b[i] & 0xff);
      }
      double exp = bb.getDouble(6);
      return new LockRecord(node, exp, Arrays.copyOfRange(b, 14, b.length));
    }

    /** The 6 + 8 + tag bytes Python's {@code _get_lock_bytes} writes. */
    public byte[] toBytes() {
      ByteBuffer bb = ByteBuffer.allocate(14 + tag.length).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 6; i++) {
        bb.put((byte) (nodeId >>> (8 * i)));
      }
      bb.putDouble(expiresAt);
      bb.put(tag);
      return bb.array();
    }

    /** Whether the record names {@code id}. */
    public boolean heldBy(Identity id) {
      return id.nodeId() == nodeId && Arrays.equals(id.tag, tag);
    }

    /** Whether the lock has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
      return expiresAt <= epochSeconds(now);
    }

    /** The expiry as an instant. */
    public Instant expiry() {
      long s = (long) Math.floor(expiresAt);
      return Instant.ofEpochSecond(s, (long) ((expiresAt - s) * 1e9));
    }

    /** The tag as an unsigned little-endian integer (Python: the process id). */
    public long tagValue() {
      return DatasetLock.tagValue(tag);
    }
  }

  /**
   * Timing of lock operations.
   *
   * @param validity how long a written lock is valid
   * @param refreshInterval how often a held lock is rewritten
   * @param verifyDelay wait between writing a lock and reading it back
   * @param poll longest sleep while waiting for another holder
   */
  public record Settings(
      Duration validity, Duration refreshInterval, Duration verifyDelay, Duration poll) {
    /** Python's timings for {@code storage}: 10 ms verification locally, 0.5 s on object stores. */
    public static Settings defaults(Storage storage) {
      boolean local = storage.localRoot().isPresent() || storage.root().startsWith("mem://");
      return new Settings(
          VALIDITY,
          REFRESH_INTERVAL,
          Duration.ofMillis(local ? 10 : 500),
          Duration.ofMillis(local ? 50 : 1000));
    }

    /**
     * A storage no other process can see (a fragment writer's private in-memory dataset): no Python
     * writer can overwrite a lock there, so there is no verification wait.
     */
    public static Settings unshared() {
      return new Settings(VALIDITY, REFRESH_INTERVAL, Duration.ZERO, Duration.ofMillis(1));
    }
  }

  private final Storage storage;
  private final String branch;
  private final Identity identity;
  private final Settings settings;
  private final String leaseKey;
  private volatile String headId;
  private volatile VersionGraph graph;
  private volatile boolean lost;
  private volatile boolean closed;
  private ScheduledExecutorService refresher;

  private DatasetLock(
      Storage storage, String branch, Identity identity, Settings settings, String headId) {
    this.storage = storage;
    this.branch = branch;
    this.identity = identity;
    this.settings = settings;
    this.headId = headId;
    this.leaseKey = LEASE_PREFIX + HexFormat.of().formatHex(randomBytes(12)) + Layout.LOCK_SUFFIX;
  }

  // ------------------------------------------------------------------------------ identities

  private static Identity sharedIdentity() {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(SHARED_IDENTITY_SEED.getBytes(StandardCharsets.US_ASCII));
      long node = 0;
      for (int i = 5; i >= 0; i--) {
        node = (node << 8) | (h[i] & 0xff);
      }
      return new Identity(node | (1L << 40), "dl4j".getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh exclusive identity: random node id (multicast bit set), this process id as tag. */
  public static Identity uniqueIdentity() {
    byte[] r = randomBytes(6);
    long node = 0;
    for (int i = 5; i >= 0; i--) {
      node = (node << 8) | (r[i] & 0xff);
    }
    node |= 1L << 40;
    if (node == SHARED.nodeId()) {
      node ^= 1;
    }
    long pid = ProcessHandle.current().pid();
    byte[] tag = new byte[4];
    for (int i = 0; i < 4; i++) {
      tag[i] = (byte) (pid >>> (8 * i));
    }
    return new Identity(node, tag);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static long tagValue(byte[] tag) {
    long v = 0;
    for (int i = Math.min(tag.length, 8) - 1; i >= 0; i--) {
      v = (v << 8) | (tag[i] & 0xff);
    }
    return v;
  }

  private static double epochSeconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  // ------------------------------------------------------------------------ single lock keys

  /** Storage key of the write lock of HEAD node {@code headId}. */
  public static String lockKey(String headId) {
    return VersionKeys.at(headId, LOCK_FILE);
  }

  /** The lock record at {@code key}, or null when there is none (or it is shorter than 14 B). */
  public static LockRecord read(Storage storage, String key) {
    return storage.getIfExists(key).map(LockRecord::parse).orElse(null);
  }

  private static void write(Storage storage, String key, Identity id, Duration validity) {
    double exp = epochSeconds(Instant.now()) + validity.toMillis() / 1000.0;
    storage.put(key, new LockRecord(id.nodeId(), exp, id.tag()).toBytes());
  }

  /**
   * Takes lock {@code key} for {@code id} as Python does (write, wait, read back), waiting up to
   * {@code timeout} while someone else holds it. Returns null on success, else the foreign record
   * that was still valid at the deadline.
   *
   * <p>Python writes its record with a plain overwrite, so two Python processes can both believe
   * they hold a lock. This method writes conditionally instead — create if absent, replace an
   * expired or own record only if it is still the version just read — so two Java writers never
   * both take it; the read-back after the verification delay still catches a Python writer that
   * overwrote the record meanwhile.
   */
  static LockRecord acquireKey(
      Storage storage, String key, Identity id, Duration validity, Settings st, Duration timeout) {
    return acquireKey(storage, key, id, validity, st, timeout, r -> false);
  }

  /**
   * {@link #acquireKey(Storage, String, Identity, Duration, Settings, Duration)}, also taking over
   * at once a valid record whose holder {@code gone} proves dead (L5).
   */
  static LockRecord acquireKey(
      Storage storage,
      String key,
      Identity id,
      Duration validity,
      Settings st,
      Duration timeout,
      java.util.function.Predicate<LockRecord> gone) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      java.util.Optional<org.deeplake4j.engine.storage.ObjectMetadata> md = storage.metadata(key);
      byte[] raw = md.isPresent() ? storage.getIfExists(key).orElse(null) : null;
      LockRecord cur = LockRecord.parse(raw);
      Instant now = Instant.now();
      if (cur != null && !cur.heldBy(id) && !cur.expiredAt(now) && !gone.test(cur)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return cur;
        }
        long untilExpiry = (long) ((cur.expiresAt() - epochSeconds(now)) * 1e9);
        sleepNanos(Math.max(1_000_000L, Math.min(Math.min(untilExpiry, left), nanos(st.poll()))));
        continue;
      }
      double exp = epochSeconds(now) + validity.toMillis() / 1000.0;
      byte[] mine = new LockRecord(id.nodeId(), exp, id.tag()).toBytes();
      boolean written =
          raw == null
              ? storage.putIfAbsent(key, mine)
              : storage.putIfMatch(key, mine, md.get().version());
      if (!written) {
        continue; // someone else wrote it since we read it: look again
      }
      sleepNanos(nanos(st.verifyDelay()));
      LockRecord back = read(storage, key);
      if (back != null && back.heldBy(id)) {
        return null;
      }
      // A (Python) writer overwrote ours in the verification window: it won; wait for it.
    }
  }

  /** Deletes lock {@code key} if it still names {@code id}. */
  static void releaseKey(Storage storage, String key, Identity id) {
    LockRecord cur = read(storage, key);
    if (cur != null && cur.heldBy(id)) {
      storage.delete(key);
    }
  }

  private static long nanos(Duration d) {
    return d.toNanos();
  }

  private static void sleepNanos(long n) {
    if (n <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.deeplake4j.engine.errors.DeepLakeException(
          "interrupted while waiting for a lock");
    }
  }

  /**
   * Runs {@code body} holding Python's {@code version_control_info.lock} (10 s validity) with
   * identity {@code id}, waiting for another holder at most until its lock expires.
   */
  public static <T> T withVersionInfoLock(Storage storage, Identity id, Supplier<T> body) {
    Settings st = Settings.defaults(storage);
    LockRecord other =
        acquireKey(
            storage,
            VERSION_INFO_LOCK_KEY,
            id,
            VERSION_INFO_LOCK_VALIDITY,
            st,
            VERSION_INFO_LOCK_VALIDITY.plusSeconds(1));
    if (other != null) {
      throw new DatasetLockedException(
          storage.root(),
          "*",
          VERSION_INFO_LOCK_KEY,
          other.nodeId(),
          other.tagValue(),
          other.expiry(),
          VERSION_INFO_LOCK_VALIDITY.plusSeconds(1));
    }
    try {
      return body.get();
    } finally {
      releaseKey(storage, VERSION_INFO_LOCK_KEY, id);
    }
  }

  /** Python's lock of {@code queries.json} (the list of saved views), at the dataset root. */
  public static final String QUERIES_LOCK_KEY = Layout.QUERIES_LOCK;

  /**
   * Runs {@code body} holding Python's {@code queries.lock} (10 s validity, as Python's {@code
   * Lock}) with a fresh identity, waiting up to 10 s for another holder as Python does.
   *
   * @throws DatasetLockedException when another writer holds it for longer
   */
  public static <T> T withQueriesLock(Storage storage, Supplier<T> body) {
    Identity id = uniqueIdentity();
    Duration validity = Duration.ofSeconds(10);
    LockRecord other =
        acquireKey(storage, QUERIES_LOCK_KEY, id, validity, Settings.defaults(storage), validity);
    if (other != null) {
      throw new DatasetLockedException(
          storage.root(),
          "*",
          QUERIES_LOCK_KEY,
          other.nodeId(),
          other.tagValue(),
          other.expiry(),
          validity);
    }
    try {
      return body.get();
    } finally {
      releaseKey(storage, QUERIES_LOCK_KEY, id);
    }
  }

  // ---------------------------------------------------------------------------- branch holds

  /**
   * Takes the write lock of {@code branch}'s HEAD for {@code identity}, waiting up to {@code
   * timeout} while another identity holds it; starts the refresh thread. The HEAD is resolved from
   * {@code version_control_info.json} and re-checked after acquisition (it moves when a cooperating
   * writer commits); {@link #graph()} is the version tree that check read.
   *
   * @throws DatasetLockedException when the lock stays held by someone else for {@code timeout}
   */
  public static DatasetLock acquire(
      Storage storage, String branch, Identity identity, Duration timeout, Settings settings) {
    return acquire(storage, branch, h -> identity, timeout, settings);
  }

  /**
   * {@link #acquire(Storage, String, Identity, Duration, Settings)} with the identity chosen for
   * the HEAD found ({@code identityFor}): a writer that waited at a root HEAD (exclusive, L4) and
   * finds a committed HEAD after the wait cooperates there (L2).
   */
  public static DatasetLock acquire(
      Storage storage,
      String branch,
      java.util.function.Function<String, Identity> identityFor,
      Duration timeout,
      Settings settings) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      VersionGraph g = VersionGraph.load(storage);
      String head = g.branches().get(branch);
      if (head == null) {
        throw new NotFoundException(
            storage.root() + ": no branch '" + branch + "' to lock for writing");
      }
      Identity identity = identityFor.apply(head);
      DatasetLock lock = new DatasetLock(storage, branch, identity, settings, head);
      lock.writeLease();
      LockRecord other;
      try {
        other =
            acquireKey(
                storage,
                lockKey(head),
                identity,
                settings.validity(),
                settings,
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                r -> holderGone(storage, branch, r));
      } catch (RuntimeException e) {
        lock.deleteLease();
        throw e;
      }
      if (other != null) {
        lock.deleteLease();
        throw new DatasetLockedException(
            storage.root(),
            branch,
            lockKey(head),
            other.nodeId(),
            other.tagValue(),
            other.expiry(),
            Duration.ofNanos(System.nanoTime() - start));
      }
      VersionGraph after = VersionGraph.load(storage);
      if (head.equals(after.branches().get(branch))) {
        lock.graph = after;
        lock.startRefresher();
        return lock;
      }
      // The HEAD moved while we locked it (a cooperating writer committed): let go of the old
      // HEAD's lock (else writers still waiting there wait for it to expire) and lock the new one.
      releaseKey(storage, lockKey(head), identity);
      lock.deleteLease();
    }
  }

  /**
   * A hold of a branch whose new HEAD {@code headId} is not published yet (a branch being created,
   * or a root writer's first commit): writes the lock there (and the lease) without waiting. {@link
   * #start()} it after the switch, {@link #abandon()} it if the switch fails.
   */
  public static DatasetLock prepare(
      Storage storage, String branch, Identity identity, String headId, Settings settings) {
    DatasetLock lock = new DatasetLock(storage, branch, identity, settings, headId);
    lock.writeLease();
    write(storage, lockKey(headId), identity, settings.validity());
    return lock;
  }

  /** Starts refreshing a {@link #prepare}d hold once its HEAD is published. */
  public void start() {
    startRefresher();
  }

  /** Drops a {@link #prepare}d hold whose HEAD was never published. */
  public void abandon() {
    closed = true;
    deleteLease();
    releaseKey(storage, lockKey(headId), identity);
  }

  private synchronized void startRefresher() {
    if (refresher != null || closed) {
      return;
    }
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "deeplake4j-lock-refresh " + storage.root() + "@" + branch);
              t.setDaemon(true);
              return t;
            });
    long ms = settings.refreshInterval().toMillis();
    refresher.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // A failed refresh is retried at the next tick; the lock stays valid for 300 s.
      lastRefreshError = e;
    }
  }

  private volatile RuntimeException lastRefreshError;

  /** The last error of the background refresh, or null. */
  public RuntimeException lastRefreshError() {
    return lastRefreshError;
  }

  /** The version tree read when the lock was confirmed. */
  public VersionGraph graph() {
    return graph;
  }

  /** The branch held. */
  public String branch() {
    return branch;
  }

  /** The HEAD node whose lock file this hold keeps. */
  public String headId() {
    return headId;
  }

  /** The identity written into the lock. */
  public Identity identity() {
    return identity;
  }

  /** Whether someone else took the lock over (it expired unrefreshed) or the branch vanished. */
  public boolean isLost() {
    return lost;
  }

  /**
   * Rewrites the lock at the branch's current HEAD (and the lease) with a fresh expiry; marks the
   * hold lost when another identity holds that lock. Called by the refresh thread.
   */
  public synchronized void refresh() {
    if (closed) {
      return;
    }
    VersionGraph g = VersionGraph.load(storage);
    String head = g.branches().get(branch);
    if (head == null) {
      lost = true;
      return;
    }
    headId = head;
    LockRecord cur = read(storage, lockKey(head));
    if (cur != null && !cur.heldBy(identity) && !cur.expiredAt(Instant.now())) {
      lost = true;
      return;
    }
    write(storage, lockKey(head), identity, settings.validity());
    writeLease();
  }

  /** Writes the lock at {@code newHeadId} before a switch publishes that node as the HEAD. */
  public synchronized void holdAt(String newHeadId) {
    write(storage, lockKey(newHeadId), identity, settings.validity());
  }

  /**
   * After a switch made {@code newHeadId} the branch's HEAD: keeps that lock and deletes the one at
   * the previous HEAD (which no one reads any more) if it is ours.
   */
  public synchronized void moved(String newHeadId) {
    String old = headId;
    headId = newHeadId;
    if (!old.equals(newHeadId)) {
      releaseKey(storage, lockKey(old), identity);
    }
  }

  private void writeLease() {
    double expires = epochSeconds(Instant.now()) + settings.validity().toMillis() / 1000.0;
    storage.put(leaseKey, WriterLease.json(branch, expires, identity));
  }

  private void deleteLease() {
    storage.delete(leaseKey);
  }

  /** Whether another writer sharing the identity holds a live lease on this branch. */
  private boolean othersOnBranch() {
    return liveLeases(storage, branch, leaseKey) > 0;
  }

  /**
   * Refuses (with {@link DatasetLockedException}, or a {@link
   * org.deeplake4j.engine.errors.DeepLakeException} for cooperating Java writers) when branch
   * {@code branch} with HEAD {@code headId} is being written: a live lock of another identity, or a
   * live lease of a writer sharing {@link #SHARED}.
   */
  public static void refuseIfWritten(Storage storage, String branch, String headId) {
    String key = lockKey(headId);
    LockRecord r = read(storage, key);
    if (r == null || r.expiredAt(Instant.now())) {
      return;
    }
    if (!r.heldBy(SHARED)) {
      if (holderGone(storage, branch, r)) {
        return;
      }
      throw new DatasetLockedException(
          storage.root(), branch, key, r.nodeId(), r.tagValue(), r.expiry(), Duration.ZERO);
    }
    int live = liveLeases(storage, branch, null);
    if (live > 0) {
      throw new org.deeplake4j.engine.errors.DeepLakeException(
          "branch '"
              + branch
              + "' of "
              + storage.root()
              + " has "
              + live
              + " Java writer(s) open (leases under "
              + LEASE_PREFIX
              + "); close them first");
    }
  }

  /** Expiry (epoch seconds) written in lease {@code key}; 0 when it is unreadable. */
  public static double leaseExpiry(Storage storage, String key) {
    try {
      return Json.parse(storage.get(key), key).path("expires").asDouble(0);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /**
   * Live leases of writers sharing {@link #SHARED} on {@code branch}, except {@code except}:
   * unexpired and not of a provably dead process (L5).
   */
  static int liveLeases(Storage storage, String branch, String except) {
    double now = epochSeconds(Instant.now());
    int n = 0;
    for (WriterLease l : WriterLease.list(storage)) {
      if (!l.key().equals(except)
          && l.shared()
          && branch.equals(l.branch())
          && l.unexpiredAt(now)
          && !l.provablyDead()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether lock record {@code r} of {@code branch} has no live holder although it has not expired
   * (docs/commit-protocol.md L5): for {@link #SHARED}, no writer sharing it has a live lease on the
   * branch; for any other identity, a lease of that identity names a process that is provably dead
   * ({@link LocalProcess}: this machine, and that pid is gone or reused). A record with no such
   * lease (a Python writer's, or a Java writer's on another machine) proves nothing: it stays valid
   * until it expires.
   */
  public static boolean holderGone(Storage storage, String branch, LockRecord r) {
    if (r.heldBy(SHARED)) {
      return liveLeases(storage, branch, null) == 0;
    }
    Identity holder = new Identity(r.nodeId(), r.tag());
    boolean named = false;
    for (WriterLease l : WriterLease.list(storage)) {
      if (l.identity().equals(holder)) {
        if (!l.provablyDead()) {
          return false;
        }
        named = true;
      }
    }
    return named;
  }

  /**
   * Stops refreshing and releases: deletes the lease, then the lock at the branch's current HEAD if
   * it still names this identity and (for the shared identity) no other live lease on the branch
   * remains.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (refresher != null) {
      refresher.shutdownNow();
    }
    deleteLease();
    if (identity.equals(SHARED) && othersOnBranch()) {
      return;
    }
    String head = headId;
    try {
      String current = VersionGraph.load(storage).branches().get(branch);
      if (current != null) {
        head = current;
      }
    } catch (StorageException | org.deeplake4j.engine.errors.CorruptDataException e) {
      // release what we know
    }
    releaseKey(storage, lockKey(head), identity);
    if (!head.equals(headId)) {
      releaseKey(storage, lockKey(headId), identity);
    }
  }
}
