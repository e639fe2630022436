package org.deeplake4j.engine.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.deeplake4j.engine.storage.FaultInjectingStorage.Op;
import org.junit.jupiter.api.Test;

class FaultInjectingStorageTest {
  private final MemoryStorage mem = new MemoryStorage("f");
  private final FaultInjectingStorage s = new FaultInjectingStorage(mem);

  private static byte[] b(String x) {
    return x.getBytes(UTF_8);
  }

  @Test
  void failAtFailsOnlyTheKthMatchingOperationAndWritesNothing() {
    s.failAt(3, FaultInjectingStorage.WRITES);
    s.put("a", b("1"));
    s.get("a"); // reads are not counted
    assertThat(s.putIfAbsent("b", b("2"))).isTrue();
    assertThat(s.count()).isEqualTo(2);
    assertThatThrownBy(() -> s.put("c", b("3")))
        .isInstanceOf(StorageException.class)
        .hasMessage("injected fault: PUT #3 of c");
    assertThat(mem.exists("c")).isFalse();
    s.put("c", b("3")); // the 4th succeeds
    assertThat(mem.get("c")).isEqualTo(b("3"));
    assertThat(s.count()).isEqualTo(4);
  }

  @Test
  void failAtCountsEachKindInTheSet() {
    mem.put("k", b("0"));
    s.failAt(2, EnumSet.of(Op.PUT_IF_MATCH, Op.DELETE));
    String v = s.metadata("k").orElseThrow().version();
    assertThat(s.putIfMatch("k", b("1"), v)).isTrue();
    assertThatThrownBy(() -> s.delete("k"))
        .isInstanceOf(StorageException.class)
        .hasMessage("injected fault: DELETE #2 of k");
    assertThat(mem.exists("k")).isTrue();
  }

  @Test
  void failFromFailsEveryMatchingOperationFromTheKth() {
    mem.put("a", b("1"));
    s.failFrom(2, EnumSet.of(Op.GET));
    assertThat(s.get("a")).isEqualTo(b("1"));
    for (int i = 2; i <= 4; i++) {
      int n = i;
      assertThatThrownBy(() -> s.get("a"))
          .isInstanceOf(StorageException.class)
          .hasMessage("injected fault: GET #" + n + " of a");
    }
    // other kinds pass and are not counted
    assertThat(s.exists("a")).isTrue();
    assertThat(s.getRange("a", 0, 1)).isEqualTo(b("1"));
    assertThat(s.count()).isEqualTo(4);
    // getIfExists goes through get
    assertThatThrownBy(() -> s.getIfExists("a")).isInstanceOf(StorageException.class);
  }

  @Test
  void healStopsFaultsAndResetsTheCounter() {
    mem.put("a", b("1"));
    s.failFrom(1, FaultInjectingStorage.READS);
    assertThatThrownBy(() -> s.list("")).hasMessage("injected fault: LIST #1 of ");
    assertThatThrownBy(() -> s.metadata("a")).hasMessage("injected fault: METADATA #2 of a");
    s.heal();
    assertThat(s.count()).isZero();
    assertThat(s.list("")).containsExactly("a");
    assertThat(s.metadata("a")).isPresent();
    assertThat(s.count()).isZero(); // nothing is counted without a plan
  }

  @Test
  void aNewPlanRestartsTheCount() {
    s.failAt(2, EnumSet.of(Op.PUT));
    s.put("a", b("1"));
    s.failAt(2, EnumSet.of(Op.PUT)); // count starts again: the next put is #1
    s.put("b", b("2"));
    assertThatThrownBy(() -> s.put("c", b("3"))).hasMessage("injected fault: PUT #2 of c");
    assertThat(mem.list("")).containsExactly("a", "b");
  }

  @Test
  void delegatesIdentityAndClose() {
    assertThat(s.root()).isEqualTo("mem://f");
    assertThat(s.isReadOnly()).isFalse();
    assertThat(new FaultInjectingStorage(mem.readOnly()).isReadOnly()).isTrue();
    s.close();
  }
}
