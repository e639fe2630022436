package org.deeplake4j.engine.storage;

/** The contract holds through a fault-injecting wrapper with no faults planned. */
class FaultInjectingStorageContractTest extends StorageContractTest {
  @Override
  protected Storage newStorage() {
    return new FaultInjectingStorage(new MemoryStorage("faulty"));
  }
}
