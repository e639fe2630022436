package org.deeplake4j.engine.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: columns padded to their widest cell, numeric columns right-aligned. */
final class TextTable {
  private final List<String> header;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... header) {
    this.header = List.of(header);
    this.rightAligned = new boolean[header.length];
  }

  /** Right-aligns column {@code col} (numbers). */
  TextTable alignRight(int col) {
    rightAligned[col] = true;
    return this;
  }

  void add(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "row of " + cells.length + " cells for " + header.size() + " columns");
    }
    rows.add(Arrays.stream(cells).map(String::valueOf).toList());
  }

  /** The table, one line per row, header first; no trailing spaces. */
  List<String> lines() {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return render(all);
  }

  /** The rows without the header (which then does not widen the columns either). */
  List<String> rowLines() {
    return render(rows);
  }

  private List<String> render(List<List<String>> all) {
    int[] width = new int[header.size()];
    for (List<String> r : all) {
      for (int c = 0; c < width.length; c++) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    List<String> out = new ArrayList<>();
    for (List<String> r : all) {
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < width.length; c++) {
        String cell = r.get(c);
        String pad = " ".repeat(width[c] - cell.length());
        if (c > 0) {
          sb.append("  ");
        }
        sb.append(rightAligned[c] ? pad + cell : cell + pad);
      }
      out.add(sb.toString().stripTrailing());
    }
    return out;
  }
}
