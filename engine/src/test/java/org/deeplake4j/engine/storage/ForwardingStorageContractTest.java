package org.deeplake4j.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract holds through a forwarding storage that overrides nothing. */
class ForwardingStorageContractTest extends StorageContractTest {
  @Override
  protected Storage newStorage() {
    return new ForwardingStorage(new MemoryStorage("forwarded")) {};
  }

  /** Records the keys of the writes it sees. */
  private static final class Recording extends ForwardingStorage {
    final List<String> writes = new ArrayList<>();

    Recording(Storage delegate) {
      super(delegate);
    }

    @Override
    public void put(String key, byte[] data) {
      writes.add(key);
      super.put(key, data);
    }
  }

  @Test
  void readOnlyWrapsTheForwardingStorageNotTheDelegate() {
    MemoryStorage mem = new MemoryStorage("m");
    Recording rec = new Recording(mem);
    rec.put("a", new byte[] {1});
    Storage ro = rec.readOnly();
    assertThat(ro).isNotSameAs(mem.readOnly());
    assertThat(ro.isReadOnly()).isTrue();
    assertThatThrownBy(() -> ro.put("b", new byte[] {2}))
        .isInstanceOf(ReadOnlyStorageException.class);
    assertThat(ro.get("a")).containsExactly(1);
    assertThat(rec.writes).containsExactly("a");
    Storage readOnlyDelegate = new Recording(mem.readOnly());
    assertThat(readOnlyDelegate.readOnly()).isSameAs(readOnlyDelegate);
  }

  @Test
  void putOwnedGoesThroughAnInterceptedPut() {
    // A wrapper that overrides put must see every write, the handed-over ones too.
    MemoryStorage mem = new MemoryStorage("m");
    Recording rec = new Recording(mem);
    rec.putOwned("chunk", new byte[] {7});
    assertThat(rec.writes).containsExactly("chunk");
    assertThat(mem.get("chunk")).containsExactly(7);
    assertThatThrownBy(() -> rec.readOnly().putOwned("x", new byte[] {1}))
        .isInstanceOf(ReadOnlyStorageException.class);
  }

  @Test
  void defaultMethodsAndCloseForward(@TempDir Path dir) {
    LocalStorage local = new LocalStorage(dir);
    Storage fwd = new ForwardingStorage(local) {};
    fwd.put("k", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(fwd.localRoot()).isEqualTo(local.localRoot());
    assertThat(fwd.getIfExists("k")).hasValueSatisfying(b -> assertThat(b).hasSize(5));
    assertThat(fwd.getIfExists("absent")).isEmpty();
    ByteBuffer dst = ByteBuffer.allocate(3);
    assertThat(fwd.readInto("k", 1, dst)).isEqualTo(3);
    assertThat(new String(dst.array(), StandardCharsets.UTF_8)).isEqualTo("ell");
    AtomicBoolean closed = new AtomicBoolean();
    Storage inner =
        new ForwardingStorage(local) {
          @Override
          public void close() {
            closed.set(true);
          }
        };
    new ForwardingStorage(inner) {}.close();
    assertThat(closed).isTrue();
  }
}
