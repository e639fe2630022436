package org.deeplake4j.engine.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Storage} contract, run over every implementation by a subclass. Each test gets a
 * fresh, empty storage from {@link #newStorage()}. Public (and shipped in the engine's test jar) so
 * backends in other modules (the connector's object stores) run the same suite.
 */
public abstract class StorageContractTest {
  /** Threads in the concurrency tests. */
  static final int THREADS = 8;

  protected Storage storage;

  /** A fresh, empty, writable storage. */
  protected abstract Storage newStorage();

  /**
   * Whether rewriting identical bytes yields a new {@link ObjectMetadata#version}. True for local,
   * memory and Azure storage; S3's version is the ETag, the MD5 of the content, so identical bytes
   * keep the version there.
   */
  protected boolean identicalRewriteChangesVersion() {
    return true;
  }

  /** Increments per thread in the counter test; remote backends (one round trip each) use fewer. */
  protected int counterIncrementsPerThread() {
    return 50;
  }

  @BeforeEach
  void openStorage() {
    storage = newStorage();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, UTF_8);
  }

  // ------------------------------------------------------------------ get / put

  @Test
  void getOfMissingKeyThrowsKeyNotFoundNamingTheKey() {
    assertThatThrownBy(() -> storage.get("t/chunks/abc"))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageContaining("missing file: t/chunks/abc")
        .hasMessageContaining(storage.root())
        .satisfies(e -> assertThat(((KeyNotFoundException) e).key()).isEqualTo("t/chunks/abc"));
    assertThat(storage.getIfExists("t/chunks/abc")).isEmpty();
  }

  @Test
  void putThenGetRoundTripsNestedKeys() {
    storage.put("a", bytes("one"));
    storage.put("x/y/z.json", bytes("{\"k\":1}"));
    storage.put("empty", new byte[0]);
    assertThat(text(storage.get("a"))).isEqualTo("one");
    assertThat(text(storage.get("x/y/z.json"))).isEqualTo("{\"k\":1}");
    assertThat(storage.get("empty")).isEmpty();
    assertThat(storage.getIfExists("a"))
        .hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("one"));
  }

  @Test
  void putOwnedStoresTheBytesAndReplaces() {
    storage.put("k", bytes("old"));
    byte[] given = bytes("handed over");
    storage.putOwned("k", given);
    assertThat(text(storage.get("k"))).isEqualTo("handed over");
    byte[] read = storage.get("k");
    read[0] = 'Y'; // reads are still copies
    assertThat(text(storage.get("k"))).isEqualTo("handed over");
    storage.putOwned("n/new", new byte[0]);
    assertThat(storage.get("n/new")).isEmpty();
  }

  @Test
  void putReplacesAndCopiesTheArrays() {
    byte[] data = bytes("first");
    storage.put("k", data);
    data[0] = 'X';
    assertThat(text(storage.get("k"))).isEqualTo("first");
    byte[] read = storage.get("k");
    read[0] = 'Y';
    assertThat(text(storage.get("k"))).isEqualTo("first");
    storage.put("k", bytes("second, longer"));
    assertThat(text(storage.get("k"))).isEqualTo("second, longer");
    storage.put("k", bytes("3"));
    assertThat(text(storage.get("k"))).isEqualTo("3");
  }

  @Test
  void getRangeReturnsTheRequestedSlice() {
    storage.put("r", bytes("0123456789"));
    assertThat(text(storage.getRange("r", 0, 4))).isEqualTo("0123");
    assertThat(text(storage.getRange("r", 3, 4))).isEqualTo("3456");
    assertThat(storage.getRange("r", 5, 0)).isEmpty();
    assertThat(text(storage.getRange("r", 9, 1))).isEqualTo("9");
  }

  @Test
  void getRangePastTheEndReturnsFewerOrNoBytes() {
    storage.put("r", bytes("0123456789"));
    assertThat(text(storage.getRange("r", 7, 100))).isEqualTo("789");
    assertThat(text(storage.getRange("r", 0, Integer.MAX_VALUE))).isEqualTo("0123456789");
    assertThat(storage.getRange("r", 10, 5)).isEmpty();
    assertThat(storage.getRange("r", 1L << 40, 5)).isEmpty();
  }

  @Test
  void readMappedShowsTheWholeObjectReadOnlyAndKeepsItsBytes() {
    storage.put("m/c", bytes("0123456789"));
    storage.put("m/empty", new byte[0]);
    java.nio.ByteBuffer b = storage.readMapped("m/c");
    assertThat(b.isReadOnly()).isTrue();
    assertThat(b.position()).isZero();
    assertThat(b.remaining()).isEqualTo(10);
    byte[] out = new byte[10];
    b.get(0, out);
    assertThat(text(out)).isEqualTo("0123456789");
    // Objects are replaced whole, so a buffer read before keeps showing the bytes it was made over.
    storage.put("m/c", bytes("replaced"));
    assertThat(b.get(0)).isEqualTo((byte) '0');
    java.nio.ByteBuffer again = storage.readMapped("m/c");
    byte[] now = new byte[again.remaining()];
    again.get(0, now);
    assertThat(text(now)).isEqualTo("replaced");
    assertThat(storage.readMapped("m/empty").remaining()).isZero();
    assertThatThrownBy(() -> storage.readMapped("m/nope"))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageContaining("missing file: m/nope");
  }

  @Test
  void getRangeOfMissingKeyThrowsKeyNotFound() {
    assertThatThrownBy(() -> storage.getRange("nope", 0, 1))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageContaining("missing file: nope");
  }

  @Test
  void getRangeRefusesNegativeRanges() {
    storage.put("r", bytes("0123"));
    assertThatThrownBy(() -> storage.getRange("r", -1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative range -1+2 of r");
    assertThatThrownBy(() -> storage.getRange("r", 0, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative range 0+-2 of r");
  }

  // ------------------------------------------------------------------ conditional writes

  @Test
  void putIfAbsentCreatesOnlyOnce() {
    assertThat(storage.putIfAbsent("lock", bytes("mine"))).isTrue();
    assertThat(storage.putIfAbsent("lock", bytes("yours"))).isFalse();
    assertThat(text(storage.get("lock"))).isEqualTo("mine");
    assertThat(storage.putIfAbsent("deep/er/lock", bytes("d"))).isTrue();
    assertThat(text(storage.get("deep/er/lock"))).isEqualTo("d");
  }

  @Test
  void putIfAbsentAfterDeleteCreatesAgain() {
    assertThat(storage.putIfAbsent("k", bytes("1"))).isTrue();
    storage.delete("k");
    assertThat(storage.putIfAbsent("k", bytes("2"))).isTrue();
    assertThat(text(storage.get("k"))).isEqualTo("2");
  }

  @Test
  void putIfMatchReplacesOnlyTheExpectedVersion() {
    storage.put("v", bytes("a"));
    String v1 = storage.metadata("v").orElseThrow().version();
    assertThat(storage.putIfMatch("v", bytes("b"), v1)).isTrue();
    assertThat(text(storage.get("v"))).isEqualTo("b");
    String v2 = storage.metadata("v").orElseThrow().version();
    assertThat(v2).isNotEqualTo(v1);
    // the stale version loses and writes nothing
    assertThat(storage.putIfMatch("v", bytes("c"), v1)).isFalse();
    assertThat(text(storage.get("v"))).isEqualTo("b");
    assertThat(storage.putIfMatch("v", bytes("c"), "not-a-version")).isFalse();
    assertThat(text(storage.get("v"))).isEqualTo("b");
    assertThat(storage.putIfMatch("v", bytes("c"), v2)).isTrue();
    assertThat(text(storage.get("v"))).isEqualTo("c");
  }

  @Test
  void putIfMatchSeesEveryKindOfReplacement() {
    storage.put("v", bytes("same"));
    String v1 = storage.metadata("v").orElseThrow().version();
    storage.put("v", bytes("same")); // same bytes, same size: still a new version
    if (!identicalRewriteChangesVersion()) {
      // a content-hash version (S3 ETag): identical bytes keep it; other bytes change it
      assertThat(storage.metadata("v").orElseThrow().version()).isEqualTo(v1);
      storage.put("v", bytes("emas"));
      assertThat(storage.metadata("v").orElseThrow().version()).isNotEqualTo(v1);
      assertThat(storage.putIfMatch("v", bytes("lost"), v1)).isFalse();
      assertThat(text(storage.get("v"))).isEqualTo("emas");
      return;
    }
    assertThat(storage.metadata("v").orElseThrow().version()).isNotEqualTo(v1);
    assertThat(storage.putIfMatch("v", bytes("lost"), v1)).isFalse();
    assertThat(text(storage.get("v"))).isEqualTo("same");
  }

  @Test
  void putIfMatchOnMissingKeyIsFalseAndCreatesNothing() {
    assertThat(storage.putIfMatch("gone/k", bytes("x"), "1")).isFalse();
    assertThat(storage.exists("gone/k")).isFalse();
    assertThat(storage.list("")).isEmpty();
    storage.put("k", bytes("x"));
    String v = storage.metadata("k").orElseThrow().version();
    storage.delete("k");
    assertThat(storage.putIfMatch("k", bytes("y"), v)).isFalse();
    assertThat(storage.exists("k")).isFalse();
  }

  // ------------------------------------------------------------------ delete / list / exists

  @Test
  void deleteRemovesAndIgnoresAbsentKeys() {
    storage.put("d/x", bytes("1"));
    storage.put("d/y", bytes("2"));
    storage.delete("d/x");
    assertThat(storage.exists("d/x")).isFalse();
    assertThatThrownBy(() -> storage.get("d/x")).isInstanceOf(KeyNotFoundException.class);
    assertThat(storage.exists("d/y")).isTrue();
    storage.delete("d/x");
    storage.delete("never/was");
    storage.delete("d/y");
    assertThat(storage.list("")).isEmpty();
  }

  @Test
  void listFiltersByPrefixAndSorts() {
    for (String k : List.of("b/2", "a/1", "ab", "a/0", "a/sub/x", "c")) {
      storage.put(k, bytes(k));
    }
    assertThat(storage.list("")).containsExactly("a/0", "a/1", "a/sub/x", "ab", "b/2", "c");
    assertThat(storage.list("a/")).containsExactly("a/0", "a/1", "a/sub/x");
    assertThat(storage.list("a")).containsExactly("a/0", "a/1", "a/sub/x", "ab");
    assertThat(storage.list("a/sub/")).containsExactly("a/sub/x");
    assertThat(storage.list("a/1")).containsExactly("a/1");
    assertThat(storage.list("zzz/")).isEmpty();
    assertThat(storage.list("zzz")).isEmpty();
  }

  @Test
  void existsOnlyForStoredObjects() {
    storage.put("p/q", bytes("1"));
    assertThat(storage.exists("p/q")).isTrue();
    assertThat(storage.exists("p/r")).isFalse();
    assertThat(storage.exists("p")).isFalse(); // a "directory" is not an object
  }

  @Test
  void metadataGivesSizeVersionAndTime() {
    assertThat(storage.metadata("m")).isEmpty();
    storage.put("m", bytes("12345"));
    ObjectMetadata m = storage.metadata("m").orElseThrow();
    assertThat(m.size()).isEqualTo(5);
    assertThat(m.version()).isNotBlank();
    assertThat(m.lastModified()).isNotNull();
    assertThat(storage.metadata("m").orElseThrow().version()).isEqualTo(m.version());
    storage.put("m", bytes("123"));
    ObjectMetadata m2 = storage.metadata("m").orElseThrow();
    assertThat(m2.size()).isEqualTo(3);
    assertThat(m2.version()).isNotEqualTo(m.version());
  }

  // ------------------------------------------------------------------ read-only view

  @Test
  void readOnlyViewReadsButRefusesEveryWrite() {
    storage.put("r/k", bytes("v"));
    Storage ro = storage.readOnly();
    assertThat(ro.isReadOnly()).isTrue();
    assertThat(ro.readOnly()).isSameAs(ro);
    assertThat(ro.root()).isEqualTo(storage.root());
    assertThat(text(ro.get("r/k"))).isEqualTo("v");
    assertThat(text(ro.getRange("r/k", 0, 1))).isEqualTo("v");
    assertThat(ro.exists("r/k")).isTrue();
    assertThat(ro.list("r/")).containsExactly("r/k");
    assertThat(ro.metadata("r/k")).isPresent();
    String v = ro.metadata("r/k").orElseThrow().version();

    List<Consumer<Storage>> writes =
        List.of(
            s -> s.put("r/k", bytes("w")),
            s -> s.putIfAbsent("r/new", bytes("w")),
            s -> s.putIfMatch("r/k", bytes("w"), v),
            s -> s.delete("r/k"));
    for (Consumer<Storage> w : writes) {
      assertThatThrownBy(() -> w.accept(ro))
          .isInstanceOf(ReadOnlyStorageException.class)
          .hasMessageContaining("is read-only")
          .hasMessageContaining("r/");
    }
    assertThatThrownBy(() -> ro.delete("r/k"))
        .hasMessage("storage " + storage.root() + " is read-only: cannot delete r/k");
    assertThat(text(storage.get("r/k"))).isEqualTo("v");
    assertThat(storage.exists("r/new")).isFalse();
    ro.close(); // closing the view leaves the storage usable
    assertThat(text(storage.get("r/k"))).isEqualTo("v");
  }

  // ------------------------------------------------------------------ invalid keys

  static Stream<Arguments> escapingKeys() {
    return Stream.of(
        Arguments.of("..", "'..' would escape the dataset root"),
        Arguments.of("../x", "'..' would escape the dataset root"),
        Arguments.of("a/../../b", "'..' would escape the dataset root"),
        Arguments.of("a/..", "'..' would escape the dataset root"),
        Arguments.of("/abs", "absolute keys are not allowed"),
        Arguments.of("/etc/passwd", "absolute keys are not allowed"),
        Arguments.of("a\\..\\..\\b", "backslashes are not allowed"),
        Arguments.of("a\0b", "NUL characters are not allowed"),
        Arguments.of("C:x", "drive-qualified keys are not allowed"),
        Arguments.of("c:/windows", "drive-qualified keys are not allowed"),
        Arguments.of("./a", "'.' segments are not allowed"),
        Arguments.of("", "key is empty"));
  }

  @ParameterizedTest
  @MethodSource("escapingKeys")
  void keysThatCouldEscapeTheRootAreRefusedByEveryOperation(String key, String why) {
    storage.put("inside", bytes("x"));
    String v = storage.metadata("inside").orElseThrow().version();
    List<Consumer<Storage>> ops =
        new ArrayList<>(
            List.of(
                s -> s.get(key),
                s -> s.getIfExists(key),
                s -> s.getRange(key, 0, 1),
                s -> s.put(key, bytes("x")),
                s -> s.putIfAbsent(key, bytes("x")),
                s -> s.putIfMatch(key, bytes("x"), v),
                s -> s.delete(key),
                s -> s.exists(key),
                s -> s.metadata(key)));
    if (!key.isEmpty()) {
      ops.add(s -> s.list(key)); // the empty prefix lists everything
    }
    for (Consumer<Storage> op : ops) {
      assertThatThrownBy(() -> op.accept(storage))
          .isInstanceOf(InvalidKeyException.class)
          .hasMessage("invalid storage key '" + key + "': " + why);
    }
    assertThat(storage.list("")).containsExactly("inside");
  }

  @Test
  void nullKeyIsInvalid() {
    assertThatThrownBy(() -> storage.get(null))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("invalid storage key 'null': key is null");
  }

  @Test
  void dotsInsideNamesAreOrdinaryKeys() {
    storage.put("a..b/..c/d..", bytes("ok"));
    storage.put(".hidden/x.json", bytes("ok2"));
    assertThat(text(storage.get("a..b/..c/d.."))).isEqualTo("ok");
    assertThat(storage.list("")).containsExactly(".hidden/x.json", "a..b/..c/d..");
  }

  @Test
  void nastyNamesRoundTripAndList() {
    List<String> keys =
        List.of(
            "sp ace/ü ñ 名前.json",
            "pct%20/x%2Fy",
            "plus+/a:b=c,d;e",
            "q?x#frag/&amp'\"",
            "tilde~/[br]{ce}");
    for (String k : keys) {
      storage.put(k, bytes(k));
    }
    for (String k : keys) {
      assertThat(text(storage.get(k))).as(k).isEqualTo(k);
      assertThat(text(storage.getRange(k, 1, 3))).as(k).isEqualTo(k.substring(1, 4));
      assertThat(storage.metadata(k)).as(k).isPresent();
    }
    assertThat(storage.list("")).containsExactlyElementsOf(keys.stream().sorted().toList());
    assertThat(storage.list("sp ace/")).containsExactly("sp ace/ü ñ 名前.json");
    String v = storage.metadata("plus+/a:b=c,d;e").orElseThrow().version();
    assertThat(storage.putIfMatch("plus+/a:b=c,d;e", bytes("new"), v)).isTrue();
    assertThat(storage.putIfAbsent("pct%20/x%2Fy", bytes("no"))).isFalse();
    storage.delete("q?x#frag/&amp'\"");
    assertThat(storage.exists("q?x#frag/&amp'\"")).isFalse();
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void racingPutIfAbsentHasExactlyOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < 20; round++) {
        String key = "race/" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          byte[] mine = bytes("writer-" + t);
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return storage.putIfAbsent(key, mine);
                  }));
        }
        start.countDown();
        List<Integer> winners = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          if (results.get(t).get(30, TimeUnit.SECONDS)) {
            winners.add(t);
          }
        }
        assertThat(winners).as("winners of round %d", round).hasSize(1);
        assertThat(text(storage.get(key))).isEqualTo("writer-" + winners.get(0));
      }
      assertThat(storage.list("race/")).hasSize(20);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One compare-and-set increment of the decimal counter in {@code key}: read the version, read the
   * value, write value+1 if the version is unchanged. Returns the value written, or -1 if another
   * writer won.
   */
  static long tryIncrement(Storage s, String key) {
    String version = s.metadata(key).orElseThrow().version();
    long value = Long.parseLong(text(s.get(key)));
    return s.putIfMatch(key, bytes(Long.toString(value + 1)), version) ? value + 1 : -1;
  }

  @Test
  void putIfMatchCounterLosesNoUpdateUnderContention() throws Exception {
    int perThread = counterIncrementsPerThread();
    storage.put("counter", bytes("0"));
    Set<Long> written = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> conflicts = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        conflicts.add(
            pool.submit(
                () -> {
                  start.await();
                  int lost = 0;
                  for (int done = 0; done < perThread; ) {
                    long v = tryIncrement(storage, "counter");
                    if (v < 0) {
                      lost++;
                      continue;
                    }
                    assertThat(written.add(v)).as("value %d written twice", v).isTrue();
                    done++;
                  }
                  return lost;
                }));
      }
      start.countDown();
      for (Future<Integer> f : conflicts) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long total = (long) THREADS * perThread;
    assertThat(Long.parseLong(text(storage.get("counter")))).isEqualTo(total);
    assertThat(written).hasSize((int) total).allMatch(v -> v >= 1 && v <= total);
  }
}
