package org.deeplake4j.engine.storage;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a storage and fails the k-th operation of chosen kinds with a {@link StorageException}, for
 * crash-safety tests: "fail the 3rd write of this append" is {@code failAt(3, WRITES)}. A failed
 * write writes nothing. Counting starts when the plan is set. Thread-safe.
 */
public final class FaultInjectingStorage extends ForwardingStorage {
  /** Kinds of storage operation. */
  public enum Op {
    GET,
    GET_RANGE,
    PUT,
    PUT_IF_ABSENT,
    PUT_IF_MATCH,
    DELETE,
    LIST,
    EXISTS,
    METADATA
  }

  /** Every operation that changes stored bytes. */
  public static final Set<Op> WRITES =
      EnumSet.of(Op.PUT, Op.PUT_IF_ABSENT, Op.PUT_IF_MATCH, Op.DELETE);

  /** Every operation that only reads. */
  public static final Set<Op> READS =
      EnumSet.of(Op.GET, Op.GET_RANGE, Op.LIST, Op.EXISTS, Op.METADATA);

  private final AtomicLong counter = new AtomicLong();
  private volatile long failAt = -1;
  private volatile boolean failAfter;
  private volatile Set<Op> ops = EnumSet.noneOf(Op.class);

  public FaultInjectingStorage(Storage delegate) {
    super(delegate);
  }

  /** Fails only the {@code k}-th (1-based) operation whose kind is in {@code kinds}. */
  public FaultInjectingStorage failAt(long k, Set<Op> kinds) {
    return plan(k, kinds, false);
  }

  /** Fails the {@code k}-th matching operation and every matching one after it (a dead disk). */
  public FaultInjectingStorage failFrom(long k, Set<Op> kinds) {
    return plan(k, kinds, true);
  }

  /** Stops injecting faults and resets the counter. */
  public FaultInjectingStorage heal() {
    return plan(-1, EnumSet.noneOf(Op.class), false);
  }

  private synchronized FaultInjectingStorage plan(long k, Set<Op> kinds, boolean after) {
    counter.set(0);
    ops = kinds.isEmpty() ? EnumSet.noneOf(Op.class) : EnumSet.copyOf(kinds);
    failAt = k;
    failAfter = after;
    return this;
  }

  /** How many matching operations were seen since the plan was set. */
  public long count() {
    return counter.get();
  }

  private void tick(Op op, String key) {
    if (!ops.contains(op)) {
      return;
    }
    long n = counter.incrementAndGet();
    long k = failAt;
    if (k > 0 && (n == k || (failAfter && n > k))) {
      throw new StorageException("injected fault: " + op + " #" + n + " of " + key);
    }
  }

  @Override
  public byte[] get(String key) {
    tick(Op.GET, key);
    return delegate().get(key);
  }

  /** Counts as a {@link Op#GET}. */
  @Override
  public Optional<byte[]> getIfExists(String key) {
    tick(Op.GET, key);
    return delegate().getIfExists(key);
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    tick(Op.GET_RANGE, key);
    return delegate().getRange(key, offset, length);
  }

  /** Counts as a {@link Op#GET_RANGE}. */
  @Override
  public int readInto(String key, long offset, java.nio.ByteBuffer dst) {
    tick(Op.GET_RANGE, key);
    return delegate().readInto(key, offset, dst);
  }

  @Override
  public void put(String key, byte[] data) {
    tick(Op.PUT, key);
    delegate().put(key, data);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    tick(Op.PUT_IF_ABSENT, key);
    return delegate().putIfAbsent(key, data);
  }

  @Override
  public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
    tick(Op.PUT_IF_MATCH, key);
    return delegate().putIfMatch(key, data, expectedVersion);
  }

  @Override
  public void delete(String key) {
    tick(Op.DELETE, key);
    delegate().delete(key);
  }

  @Override
  public List<String> list(String prefix) {
    tick(Op.LIST, prefix);
    return delegate().list(prefix);
  }

  @Override
  public boolean exists(String key) {
    tick(Op.EXISTS, key);
    return delegate().exists(key);
  }

  @Override
  public Optional<ObjectMetadata> metadata(String key) {
    tick(Op.METADATA, key);
    return delegate().metadata(key);
  }

  /**
   * The delegate's root (a local dataset keeps its local lock timings and resolves relative links),
   * but {@link #allowsDirectFileReads()} is false: every read goes through the injected faults.
   */
  @Override
  public Optional<Path> localRoot() {
    return delegate().localRoot();
  }

  /**
   * False: the engine must not read local files directly (memory-mapped chunks), past the faults.
   */
  @Override
  public boolean allowsDirectFileReads() {
    return false;
  }
}
