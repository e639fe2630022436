package org.deeplake4j.engine.storage;

/**
 * The contract on the code path of file systems without hard links (FAT, many FUSE mounts), where
 * putIfAbsent renames under the key's lock instead of calling {@code link(2)}.
 */
class LocalStorageWithoutHardLinksContractTest extends LocalStorageContractTest {
  @Override
  protected Storage newStorage() {
    return new LocalStorage(root(), false, false);
  }
}
