package org.deeplake4j.engine.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Set;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.filter.BoundRowFilter;
import org.deeplake4j.engine.filter.RowFilter;
import org.deeplake4j.engine.filter.RowFilter.And;
import org.deeplake4j.engine.filter.RowFilter.ClassNameIn;
import org.deeplake4j.engine.filter.RowFilter.Compare;
import org.deeplake4j.engine.filter.RowFilter.FloatLiteral;
import org.deeplake4j.engine.filter.RowFilter.In;
import org.deeplake4j.engine.filter.RowFilter.IntLiteral;
import org.deeplake4j.engine.filter.RowFilter.IsNull;
import org.deeplake4j.engine.filter.RowFilter.Not;
import org.deeplake4j.engine.filter.RowFilter.Op;
import org.deeplake4j.engine.filter.RowFilters;
import org.deeplake4j.engine.filter.Truth;

/**
 * CPU time per row of {@link BoundRowFilter#testRange} in blocks of 4096 rows (the Spark row
 * reader's block), over the 10M-row scalar and label datasets of {@link TqlBenchData}: the filters
 * Spark pushes down (a comparison with its {@code IS NOT NULL}, IN, class names). A plain main (run
 * with the test classpath), best of 5 passes after 3 warm-up passes.
 */
public final class RowFilterBench {
  private static final int BLOCK = 4096;

  private RowFilterBench() {}

  public static void main(String[] args) {
    try (Dataset x = Dataset.open(TqlBenchData.scalars().toString());
        Dataset l = Dataset.open(TqlBenchData.labels().toString())) {
      run(x, "x < 500", new Compare("x", Op.LT, new IntLiteral(500)));
      run(
          x,
          "x IS NOT NULL AND x >= 100",
          new And(new Not(new IsNull("x")), new Compare("x", Op.GE, new IntLiteral(100))));
      run(
          x,
          "x IN (1, 2, 3)",
          new In("x", List.of(new IntLiteral(1), new IntLiteral(2), new IntLiteral(3))));
      run(l, "score > 0.5f", new Compare("score", Op.GT, new FloatLiteral(0.5f)));
      run(l, "class_name(labels) IN (c3, c7)", new ClassNameIn("labels", Set.of("c3", "c7")));
    }
  }

  private static void run(Dataset ds, String name, RowFilter f) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long rows = ds.length();
    Truth[] out = new Truth[BLOCK];
    double best = Double.MAX_VALUE;
    long matched = 0;
    for (int pass = 0; pass < 8; pass++) {
      BoundRowFilter b = RowFilters.bind(ds, f);
      long t0 = mx.getCurrentThreadCpuTime();
      matched = 0;
      for (long s = 0; s < rows; s += BLOCK) {
        int n = (int) Math.min(BLOCK, rows - s);
        b.testRange(s, n, out);
        for (int i = 0; i < n; i++) {
          matched += out[i] == Truth.TRUE ? 1 : 0;
        }
      }
      double ns = (mx.getCurrentThreadCpuTime() - t0) / (double) rows;
      if (pass >= 3) {
        best = Math.min(best, ns);
      }
    }
    System.out.printf("%-34s %8.2f ns/row  (%d of %d rows match)%n", name, best, matched, rows);
  }
}
