package org.deeplake4j.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowRangesTest {
  @Test
  void setOperationsKeepRangesSortedAndDisjoint() {
    RowRanges a = RowRanges.of(0, 10).union(RowRanges.of(20, 30));
    RowRanges b = RowRanges.of(5, 25);
    assertThat(a.intersect(b).toString()).isEqualTo("[[5, 10), [20, 25)]");
    assertThat(a.union(b).toString()).isEqualTo("[[0, 30)]");
    assertThat(a.complement(40).toString()).isEqualTo("[[10, 20), [30, 40)]");
    assertThat(a.complement(25).toString()).isEqualTo("[[10, 20)]");
    assertThat(a.count()).isEqualTo(20);
    assertThat(a.limit(15).toString()).isEqualTo("[[0, 10), [20, 25)]");
    assertThat(a.contains(9)).isTrue();
    assertThat(a.contains(10)).isFalse();
    assertThat(a.contains(29)).isTrue();
  }

  @Test
  void rowsCollapseIntoRanges() {
    RowRanges r = RowRanges.ofRows(List.of(5L, 3L, 4L, 9L, 9L, -1L));
    assertThat(r.toString()).isEqualTo("[[3, 6), [9, 10)]");
    assertThat(RowRanges.of(4, 4).isEmpty()).isTrue();
    assertThat(RowRanges.empty().complement(3)).isEqualTo(RowRanges.of(0, 3));
  }
}
