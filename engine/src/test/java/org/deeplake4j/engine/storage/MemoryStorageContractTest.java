package org.deeplake4j.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryStorageContractTest extends StorageContractTest {
  @Override
  protected Storage newStorage() {
    return new MemoryStorage("contract");
  }

  @Test
  void rootIsTheMemUrl() {
    assertThat(storage.root()).isEqualTo("mem://contract");
    assertThat(new MemoryStorage().root()).isEqualTo("mem://anonymous");
    assertThat(storage.isReadOnly()).isFalse();
  }
}
