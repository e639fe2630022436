package org.deeplake4j.spark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The storage contract on S3 (moto 5.2.1 on 127.0.0.1) through S3A and the S3 client. */
@ExtendWith(ObjectStores.class)
class S3StorageContractTest extends StorageContractTest {
  @Override
  protected Storage newStorage() {
    return open(ObjectStores.s3Url(ObjectStores.unique("contract")));
  }

  static Storage open(String url) {
    return new HadoopStorageProvider().open(URI.create(url), ObjectStores.s3Options());
  }

  @Override
  protected boolean identicalRewriteChangesVersion() {
    return false; // the ETag of a single-part object is the MD5 of its bytes
  }

  @Override
  protected int counterIncrementsPerThread() {
    return 8;
  }

  @Test
  void rootIsTheUrlAndVersionsAreEtags() {
    assertThat(storage.root()).startsWith("s3a://" + ObjectStores.BUCKET + "/contract-");
    storage.put("k", "abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    // MD5("abc"), quoted as S3 sends it
    assertThat(storage.metadata("k").orElseThrow().version())
        .isEqualTo("\"900150983cd24fb0d6963f7d28e17f72\"");
  }

  @Test
  void pythonStyleCredentialNamesWork() {
    Map<String, String> o =
        Map.of(
            HadoopStorageOptions.AWS_ACCESS_KEY_ID,
            "python-id",
            HadoopStorageOptions.AWS_SECRET_ACCESS_KEY,
            "python-secret",
            // namespaced form of endpoint_url
            "storage." + HadoopStorageOptions.ENDPOINT_URL,
            "http://127.0.0.1:" + ObjectStores.moto().port,
            HadoopStorageOptions.AWS_REGION,
            "us-east-1");
    try (Storage s =
        new HadoopStorageProvider()
            .open(URI.create(ObjectStores.s3Url(ObjectStores.unique("alias"))), o)) {
      assertThat(s.putIfAbsent("k", new byte[] {7})).isTrue();
      assertThat(s.get("k")).containsExactly(7);
    }
  }

  @Test
  void printedRootsDropUserInfoAndTrailingSlashes() {
    assertThat(HadoopStorageProvider.printable(URI.create("s3a://AKID:SECRET@bucket/ds/")))
        .isEqualTo("s3a://bucket/ds");
    assertThat(
            HadoopStorageProvider.printable(URI.create("abfss://c@acct.dfs.core.windows.net/a/b")))
        .isEqualTo("abfss://c@acct.dfs.core.windows.net/a/b");
    assertThat(
            HadoopStorageProvider.secretValues(
                Map.of("fs.s3a.secret.key", "abcd", "fs.s3a.endpoint", "http://x")))
        .containsExactly("abcd");
  }

  @Test
  void s3SchemeIsServedByS3a() {
    String path = ObjectStores.unique("s3scheme");
    try (Storage a = open("s3://" + ObjectStores.BUCKET + "/" + path);
        Storage b = open(ObjectStores.s3Url(path))) {
      assertThat(a.root()).isEqualTo("s3://" + ObjectStores.BUCKET + "/" + path);
      a.put("x/y", new byte[] {1, 2, 3});
      assertThat(b.get("x/y")).containsExactly(1, 2, 3);
      assertThat(b.list("")).containsExactly("x/y");
    }
  }

  @Test
  void twoWritersWithTheirOwnClientsRacingPutIfAbsentHaveExactlyOneWinner() throws Exception {
    racingWritersHaveOneWinner(
        ObjectStores.s3Url(ObjectStores.unique("race")), S3StorageContractTest::open);
  }

  /**
   * Two storages (two file systems, two HTTP clients: as two processes would) race putIfAbsent on
   * the same keys, 30 rounds: exactly one wins each round and its bytes are stored.
   */
  static void racingWritersHaveOneWinner(
      String url, java.util.function.Function<String, Storage> opener) throws Exception {
    try (Storage a = opener.apply(url);
        Storage b = opener.apply(url)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 30; round++) {
          String key = "locks/" + round;
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Boolean>> fs = new ArrayList<>();
          Storage[] writers = {a, b};
          for (int w = 0; w < 2; w++) {
            Storage s = writers[w];
            byte[] mine = ("writer-" + w).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Callable<Boolean> c =
                () -> {
                  go.await();
                  return s.putIfAbsent(key, mine);
                };
            fs.add(pool.submit(c));
          }
          go.countDown();
          boolean w0 = fs.get(0).get(60, TimeUnit.SECONDS);
          boolean w1 = fs.get(1).get(60, TimeUnit.SECONDS);
          assertThat(w0 ^ w1).as("exactly one winner in round %d (%s, %s)", round, w0, w1).isTrue();
          assertThat(new String(b.get(key), java.nio.charset.StandardCharsets.UTF_8))
              .isEqualTo(w0 ? "writer-0" : "writer-1");
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
