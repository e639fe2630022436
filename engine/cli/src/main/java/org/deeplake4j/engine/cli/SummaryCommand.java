package org.deeplake4j.engine.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deeplake summary}: the text Python's {@code ds.summary()} prints (deeplake 3.9.52, {@code
 * deeplake/util/pretty_print.py}): the dataset's repr, then a table of the visible tensors with
 * htype, shape interval, dtype and sample compression, each cell centred in its column. Tensors are
 * listed in Python's order (see {@link #pythonOrder}).
 */
@Command(
    name = "summary",
    description = {
      "Prints a table of the visible tensors as Python's ds.summary() does: tensor, htype,"
          + " shape (N, h, w), with lo:hi for dimensions that vary, dtype, sample compression."
    })
final class SummaryCommand implements Callable<Integer> {
  private static final int MIN_WIDTH = 7;

  @ParentCommand DeepLakeCli cli;

  @Mixin DatasetArgs dataset;

  @Override
  public Integer call() {
    try (Dataset ds = dataset.open()) {
      cli.out.println(datasetRepr(ds));
      cli.out.println(table(ds));
    }
    return 0;
  }

  /** Python's {@code str(ds)} of a read-only dataset. */
  static String datasetRepr(Dataset ds) {
    StringBuilder sb = new StringBuilder("Dataset(path=").append(pyRepr(ds.path())).append(", ");
    boolean allowDelete = ds.allowDelete();
    sb.append(allowDelete ? "read_only=True, " : "allow_delete=False, ");
    sb.append("tensors=[");
    List<String> names = pythonOrder(ds);
    for (int i = 0; i < names.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(pyRepr(names.get(i)));
    }
    return sb.append("])").toString();
  }

  /**
   * Visible tensor names in the order Python lists {@code ds.tensors}: the order of {@code
   * tensor_names} in dataset_meta.json, which Python writes with sorted keys, so alphabetical for
   * any dataset Python saved (unlike {@link Dataset#tensorNames()}, which follows creation order).
   */
  static List<String> pythonOrder(Dataset ds) {
    return ds.storedTensorNames();
  }

  /**
   * The table of {@code summary_dataset}: a leading line break, then per row every cell centred in
   * its column. Column widths come from the data rows only (at least 7) plus 2, so a longer header
   * ("compression") overflows its column as it does in Python.
   */
  static String table(Dataset ds) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"tensor", "htype", "shape", "dtype", "compression"});
    rows.add(new String[] {"-------", "-------", "-------", "-------", "-------"});
    int[] width = {MIN_WIDTH, MIN_WIDTH, MIN_WIDTH, MIN_WIDTH, MIN_WIDTH};
    for (String name : pythonOrder(ds)) {
      Tensor t = ds.tensor(name);
      String[] row = {
        name,
        t.htype(),
        shapeInterval(t),
        dtypeName(t),
        InfoCommand.orNone(t.metadata().sampleCompression())
      };
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], len(row[c]));
      }
      rows.add(row);
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      sb.append('\n');
      for (int c = 0; c < row.length; c++) {
        int w = width[c] + 2;
        int start = Math.floorDiv(w - len(row[c]), 2);
        sb.append(spaces(start)).append(row[c]).append(spaces(w - len(row[c]) - start));
      }
    }
    return sb.toString();
  }

  /**
   * Python's {@code str(tensor.shape_interval)} for an unindexed tensor: the length, for a sequence
   * the range of item counts, then min/max shape; {@code lo:hi} where they differ.
   */
  static String shapeInterval(Tensor t) {
    long[] min = t.metadata().minShape();
    long[] max = t.metadata().maxShape();
    List<Long> lo = new ArrayList<>();
    List<Long> hi = new ArrayList<>();
    lo.add(t.length());
    hi.add(t.length());
    if (t.isSequence()) {
      long[] r = itemCountRange(t);
      lo.add(r[0]);
      hi.add(r[1]);
    }
    for (int i = 0; i < min.length; i++) {
      lo.add(min[i]);
      hi.add(max[i]);
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < lo.size(); i++) {
      parts.add(lo.get(i).equals(hi.get(i)) ? lo.get(i).toString() : lo.get(i) + ":" + hi.get(i));
    }
    return parts.size() == 1 ? "(" + parts.get(0) + ",)" : "(" + String.join(", ", parts) + ")";
  }

  private static long[] itemCountRange(Tensor t) {
    if (t.length() == 0) {
      return new long[] {0, 0};
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long row = 0; row < t.length(); row++) {
      long[] r = t.sequenceRange(row);
      min = Math.min(min, r[1] - r[0]);
      max = Math.max(max, r[1] - r[0]);
    }
    return new long[] {min, max};
  }

  /** Python's {@code tensor.dtype.name}: {@code str} for json/list/tag, else the stored dtype. */
  static String dtypeName(Tensor t) {
    if (t.baseType().isJsonLike()) {
      return "str";
    }
    return InfoCommand.orNone(t.metadata().dtypeName());
  }

  private static int len(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String spaces(int n) {
    return n <= 0 ? "" : " ".repeat(n);
  }

  /** Python's {@code repr()} of a str. */
  static String pyRepr(String s) {
    char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == q) {
            sb.append('\\');
          }
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append(q).toString();
  }
}
