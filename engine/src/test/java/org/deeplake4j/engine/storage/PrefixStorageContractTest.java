package org.deeplake4j.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of a storage as a storage of its own: the storage contract, and nothing outside. */
class PrefixStorageContractTest extends StorageContractTest {
  private MemoryStorage outer;

  @Override
  protected Storage newStorage() {
    outer = new MemoryStorage("outer");
    outer.put("dataset_meta.json", "{}".getBytes(StandardCharsets.UTF_8));
    outer.put(".queries/other/x", new byte[] {1});
    outer.put(".queries/vx", new byte[] {2});
    return PrefixStorage.of(outer, ".queries/v");
  }

  @Test
  void keysLiveUnderTheFolderAndNothingOutsideIsSeen(@TempDir Path dir) {
    storage.put("a/b", new byte[] {7});
    assertThat(outer.get(".queries/v/a/b")).containsExactly(7);
    assertThat(storage.list("")).containsExactly("a/b");
    assertThat(storage.exists("dataset_meta.json")).isFalse();
    assertThat(storage.root()).isEqualTo("mem://outer/.queries/v");
    assertThatThrownBy(() -> storage.get("../vx")).isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> PrefixStorage.of(outer, "../x"))
        .isInstanceOf(InvalidKeyException.class);
    Storage ro = storage.readOnly();
    assertThat(ro.isReadOnly()).isTrue();
    assertThat(ro.get("a/b")).containsExactly(7);
    assertThatThrownBy(() -> ro.put("c", new byte[0])).isInstanceOf(ReadOnlyStorageException.class);
    try (LocalStorage local = new LocalStorage(dir)) {
      PrefixStorage sub = PrefixStorage.of(local, ".queries/v");
      sub.put("k", new byte[] {1});
      assertThat(sub.localRoot()).contains(dir.resolve(".queries/v"));
      assertThat(dir.resolve(".queries/v/k")).exists();
    }
  }
}
