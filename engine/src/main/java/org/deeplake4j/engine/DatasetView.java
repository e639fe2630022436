package org.deeplake4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.tql.Query;
import org.deeplake4j.engine.tql.QueryOptions;
import org.deeplake4j.engine.tql.QueryResult;
import org.deeplake4j.engine.tql.ResultColumn;
import org.deeplake4j.engine.tql.Tql;

/**
 * Rows of a {@link Dataset} in a chosen order: the result of a TQL query ({@link Dataset#query}). A
 * view reads like its dataset, restricted to its rows: {@link #tensor} returns a {@link TensorView}
 * whose row {@code i} is dataset row {@link #index index(i)}. Views can be queried again; the
 * result lists dataset rows too.
 *
 * <pre>{@code
 * DatasetView top = ds.query("SELECT * ORDER BY COSINE_SIMILARITY(emb, ARRAY[...]) DESC LIMIT 5");
 * long best = top.index(0);                    // dataset row of the best match
 * NdArray v = top.tensor("emb").numpy(0);      // its embedding
 * DatasetView dogs = top.query("SELECT * WHERE labels == 'dog'");
 * }</pre>
 *
 * <p>Results of TQL part 2 (see {@code docs/tql.md}) keep {@link #indices()} meaningful and add:
 *
 * <ul>
 *   <li>a select list ({@code SELECT labels, SHAPE(boxes) AS s}): {@link #tensorNames()} lists the
 *       output columns, {@link #tensor} returns stored or computed ({@link
 *       TensorView#isComputed()}) columns;
 *   <li>GROUP BY: one row per group, {@link #index} its first member, {@link #groupIndices} all
 *       members; tensors not grouped on read as sequences of the members;
 *   <li>UNGROUP BY: one row per sequence item, {@link #itemIndex} the item's position.
 * </ul>
 *
 * <p>Immutable: it holds row indices (and a query's computed values, materialised when it ran) and
 * reads the dataset's current data (valid while the dataset is open). Thread-safe for reads, as the
 * dataset is.
 */
public final class DatasetView {
  private final Dataset dataset;
  private final long[] indices;
  private final QueryResult result;

  /** A view of plain rows (no groups, items or computed columns). */
  private DatasetView(Dataset dataset, long[] indices) {
    this(dataset, new QueryResult(indices, null, null, null, List.of()));
  }

  private DatasetView(Dataset dataset, QueryResult result) {
    this.dataset = dataset;
    this.indices = result.rows();
    this.result = result;
  }

  /** Runs {@code tql} over {@code rows} of {@code ds} (null: all rows). */
  static DatasetView query(Dataset ds, long[] rows, String tql) {
    return query(ds, rows, tql, QueryOptions.defaults());
  }

  /** Runs {@code tql} over {@code rows} of {@code ds} (null: all rows) with {@code options}. */
  static DatasetView query(Dataset ds, long[] rows, String tql, QueryOptions options) {
    return run(ds, rows, Tql.parse(tql), options);
  }

  private static DatasetView run(Dataset ds, long[] rows, Query q, QueryOptions options) {
    ds.flushIfDirty();
    return new DatasetView(ds, Tql.run(ds, rows, q, options));
  }

  /** {@code SELECT * SAMPLE BY weights REPLACE replace LIMIT n} over {@code rows}, seeded. */
  static DatasetView sampleBy(
      Dataset ds, long[] rows, String weights, long n, boolean replace, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("sample size " + n + " is negative");
    }
    Query q =
        new Query.Select(
            List.of(),
            null,
            null,
            null,
            List.of(),
            List.of(),
            Tql.parseSample(weights, replace),
            List.of(),
            n,
            null);
    return run(ds, rows, q, QueryOptions.seed(seed));
  }

  /** The rows a query on this view runs over: its rows, or its groups' members, group by group. */
  private long[] sourceRows() {
    if (result.groups() == null) {
      return indices;
    }
    long total = 0;
    for (long[] g : result.groups()) {
      total += g.length;
    }
    long[] out = new long[(int) total];
    int k = 0;
    for (long[] g : result.groups()) {
      System.arraycopy(g, 0, out, k, g.length);
      k += g.length;
    }
    return out;
  }

  /** The dataset the rows belong to. */
  public Dataset dataset() {
    return dataset;
  }

  /** The dataset rows of this view, in view order (a copy). */
  public long[] indices() {
    return indices.clone();
  }

  /** Number of rows. */
  public long length() {
    return indices.length;
  }

  /** The dataset row of view row {@code i}. */
  public long index(long i) {
    if (i < 0 || i >= indices.length) {
      throw new IndexOutOfBoundsException("row " + i + " of a view of " + indices.length + " rows");
    }
    return indices[(int) i];
  }

  /** Whether rows are groups (GROUP BY or aggregates). */
  public boolean isGrouped() {
    return result.groups() != null;
  }

  /**
   * The dataset rows of the members of group {@code i} in source order (a copy); for a view that is
   * not grouped, {@code [index(i)]}.
   */
  public long[] groupIndices(long i) {
    long row = index(i);
    return result.groups() == null ? new long[] {row} : result.groups()[(int) i].clone();
  }

  /**
   * For UNGROUP BY results, the position of row {@code i} within the split sequences of dataset row
   * {@link #index index(i)}; else -1.
   */
  public long itemIndex(long i) {
    index(i);
    return result.items() == null ? -1 : result.items()[(int) i];
  }

  /** The output columns of the query's select list, or null for {@code SELECT *}. */
  public List<ResultColumn> columns() {
    return result.columns();
  }

  /** Column names: the select list's, else the dataset's visible tensor names. */
  public List<String> tensorNames() {
    if (result.columns() == null) {
      return dataset.tensorNames();
    }
    List<String> out = new ArrayList<>();
    for (ResultColumn c : result.columns()) {
      out.add(c.name());
    }
    return out;
  }

  /** Whether the view has a column named {@code name}. */
  public boolean hasTensor(String name) {
    return result.columns() == null ? dataset.hasTensor(name) : tensorNames().contains(name);
  }

  /**
   * The column {@code name}: a tensor restricted to the view's rows (grouped into sequences, or
   * split into items, as the query says), or a computed column.
   *
   * @throws NotFoundException if there is no such column
   */
  public TensorView tensor(String name) {
    if (result.columns() == null) {
      return stored(name, name, result.groups() != null);
    }
    for (ResultColumn c : result.columns()) {
      if (c.name().equals(name)) {
        if (c.kind() == ResultColumn.Kind.COMPUTED) {
          return new TensorView(null, indices, name, null, null, c);
        }
        return stored(name, c.tensor(), c.kind() == ResultColumn.Kind.SEQUENCE);
      }
    }
    throw new NotFoundException(
        "view column '" + name + "' (columns: " + String.join(", ", tensorNames()) + ")");
  }

  private TensorView stored(String name, String tensor, boolean grouped) {
    Tensor t = dataset.tensor(tensor);
    long[] items = result.split().contains(tensor) ? result.items() : null;
    return new TensorView(t, indices, name, grouped ? result.groups() : null, items, null);
  }

  /** Every visible tensor restricted to the view's rows, in dataset order. */
  public Map<String, TensorView> tensors() {
    Map<String, TensorView> out = new LinkedHashMap<>();
    for (String n : tensorNames()) {
      out.put(n, tensor(n));
    }
    return out;
  }

  /**
   * Runs a TQL query over this view's rows (in view order); the result lists dataset rows. The
   * query reads the dataset's tensors (not this view's computed columns); on a grouped view it runs
   * over the groups' members, group after group.
   */
  public DatasetView query(String tql) {
    return query(dataset, sourceRows(), tql);
  }

  /** {@link #query(String)} with options (e.g. {@link QueryOptions#seed(long)}). */
  public DatasetView query(String tql, QueryOptions options) {
    return query(dataset, sourceRows(), tql, options);
  }

  /**
   * Draws {@code n} rows of this view with probabilities proportional to {@code weights}: the API
   * form of {@code SELECT * SAMPLE BY weights REPLACE replace LIMIT n}. {@code weights} is a TQL
   * expression ({@code "score * 2"}) or {@code "MAX_WEIGHT(labels == 0: 10, labels == 1: 2)"} /
   * {@code "SUM_WEIGHT(...)"}. The same seed over the same rows draws the same rows.
   *
   * @throws org.deeplake4j.engine.tql.TqlSyntaxException if {@code weights} is not TQL
   * @throws org.deeplake4j.engine.tql.TqlSemanticException if it does not fit the dataset
   */
  public DatasetView sampleBy(String weights, long n, boolean replace, long seed) {
    return sampleBy(dataset, sourceRows(), weights, n, replace, seed);
  }

  @Override
  public String toString() {
    String rows =
        indices.length <= 10
            ? Arrays.toString(indices)
            : Arrays.toString(Arrays.copyOf(indices, 10)).replace("]", ", ...]");
    return "DatasetView("
        + dataset.path()
        + ", "
        + indices.length
        + (isGrouped() ? " groups " : " rows ")
        + rows
        + ")";
  }
}
