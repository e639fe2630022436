package org.deeplake4j.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conditional writes of {@link LocalStorage}, from many instances and threads of one JVM. */
class LocalStorageConditionalWriteTest {
  @TempDir Path dir;

  @Test
  void putIfMatchIsACompareAndSetAcrossInstancesOfOneJvm() throws Exception {
    new LocalStorage(dir).put("counter", "0".getBytes(StandardCharsets.US_ASCII));
    int threads = 4;
    int increments = 100;
    AtomicInteger lost = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      // One storage per thread, as one dataset handle per writer.
      LocalStorage s = new LocalStorage(dir);
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < increments; ) {
                  String v = s.metadata("counter").orElseThrow().version();
                  int n = Integer.parseInt(new String(s.get("counter"), StandardCharsets.US_ASCII));
                  byte[] next = Integer.toString(n + 1).getBytes(StandardCharsets.US_ASCII);
                  if (s.putIfMatch("counter", next, v)) {
                    i++;
                  } else {
                    lost.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    String total = new String(new LocalStorage(dir).get("counter"), StandardCharsets.US_ASCII);
    assertThat(Integer.parseInt(total)).isEqualTo(threads * increments);
    assertThat(lost.get()).as("lost races are reported as false, not as errors").isNotNegative();
  }

  @Test
  void putIfAbsentCreatesOnce() {
    LocalStorage a = new LocalStorage(dir);
    LocalStorage b = new LocalStorage(dir);
    assertThat(a.putIfAbsent("k", new byte[] {1})).isTrue();
    assertThat(b.putIfAbsent("k", new byte[] {2})).isFalse();
    assertThat(b.get("k")).containsExactly(1);
    String v = a.metadata("k").orElseThrow().version();
    assertThat(b.putIfMatch("k", new byte[] {3}, v)).isTrue();
    assertThat(a.putIfMatch("k", new byte[] {4}, v)).as("stale version").isFalse();
    assertThat(a.get("k")).containsExactly(3);
  }
}
