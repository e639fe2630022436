package org.deeplake4j.spark.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The storage contract on Azure Blob (Azurite 3.37.0 on 127.0.0.1) through ABFS and Put Blob. */
@ExtendWith(ObjectStores.class)
class AbfsStorageContractTest extends StorageContractTest {
  @Override
  protected Storage newStorage() {
    return open(ObjectStores.abfsUrl(ObjectStores.unique("contract")));
  }

  static Storage open(String url) {
    return new HadoopStorageProvider().open(URI.create(url), ObjectStores.abfsOptions());
  }

  @Override
  protected int counterIncrementsPerThread() {
    return 8;
  }

  @Test
  void rootIsTheUrlWithItsContainer() {
    assertThat(storage.root())
        .startsWith(
            "abfs://" + ObjectStores.CONTAINER + "@" + ObjectStores.AZURE_HOST + "/contract-");
    storage.put("k", new byte[] {1});
    assertThat(storage.metadata("k").orElseThrow().version()).isNotBlank();
  }

  @Test
  void twoWritersWithTheirOwnClientsRacingPutIfAbsentHaveExactlyOneWinner() throws Exception {
    S3StorageContractTest.racingWritersHaveOneWinner(
        ObjectStores.abfsUrl(ObjectStores.unique("race")), AbfsStorageContractTest::open);
  }
}
