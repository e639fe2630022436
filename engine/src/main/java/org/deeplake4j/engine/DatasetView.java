package org.deeplake4j.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.deeplake4j.engine.errors.DatasetViewSavingException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.internal.views.SavedViews;
import org.deeplake4j.engine.tql.Query;
import org.deeplake4j.engine.tql.QueryOptions;
import org.deeplake4j.engine.tql.QueryResult;
import org.deeplake4j.engine.tql.ResultColumn;

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
 * Sub-views ({@link #view(long[])}, slices, {@link #filter}, splits) of such a result are plain
 * views of its {@link #indices()}.
 *
 * <p>Immutable: it holds row indices (and a query's computed values, materialised when it ran) and
 * reads the dataset's current data (valid while the dataset is open). Thread-safe for reads, as the
 * dataset is.
 *
 * <p>Views also come from index lists and slices ({@link #view(long[])}, {@link #view(long, long,
 * long)}), predicates ({@link #filter}) and random splits ({@link #randomSplit(double...)}), and
 * can be saved in the dataset in Python deeplake 3.x's format ({@link #saveView}, {@link
 * Dataset#loadView}); see {@code docs/views.md}.
 */
public final class DatasetView {
  private final Dataset dataset;
  private final long[] indices;
  private final String queryText;
  private final QueryResult result;

  /** The most rows a view holds (its indices are one Java array). */
  static final int MAX_ROWS = Integer.MAX_VALUE - 8;

  /** A view of plain rows (no groups, items or computed columns). */
  private DatasetView(Dataset dataset, long[] indices) {
    this(dataset, indices, null);
  }

  private DatasetView(Dataset dataset, long[] indices, String queryText) {
    this(dataset, new QueryResult(indices, null, null, null, List.of()), queryText);
  }

  private DatasetView(Dataset dataset, QueryResult result, String queryText) {
    this.dataset = dataset;
    this.indices = result.rows();
    this.result = result;
    this.queryText = queryText;
  }

  /** Runs {@code tql} over {@code rows} of {@code ds} (null: all rows). */
  static DatasetView query(Dataset ds, long[] rows, String tql) {
    return query(ds, rows, tql, QueryOptions.defaults());
  }

  /** Runs {@code tql} over {@code rows} of {@code ds} (null: all rows) with {@code options}. */
  static DatasetView query(Dataset ds, long[] rows, String tql, QueryOptions options) {
    return run(ds, rows, Tql.parse(tql), options, tql);
  }

  private static DatasetView run(
      Dataset ds, long[] rows, Query q, QueryOptions options, String text) {
    ds.flushIfDirty();
    return new DatasetView(ds, Tql.run(ds, rows, q, options), text);
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
    return run(ds, rows, q, QueryOptions.seed(seed), null);
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

  /** A view of {@code ds} listing {@code rows} (owned by the view) made by {@code queryText}. */
  static DatasetView of(Dataset ds, long[] rows, String queryText) {
    return new DatasetView(ds, rows, queryText);
  }

  /** Every row of {@code ds} ({@code len(ds)}: the shortest visible tensor's length). */
  static DatasetView all(Dataset ds) {
    ds.flushIfDirty();
    long n = ds.length();
    if (n > MAX_ROWS) {
      throw new DeepLakeException(
          "views hold up to " + MAX_ROWS + " rows; " + ds.path() + " has " + n);
    }
    long[] rows = new long[(int) n];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    return new DatasetView(ds, rows);
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

  // ------------------------------------------------------------------------------ sub-views

  /**
   * The TQL text this view is the result of ({@link Dataset#query}), if it is one; empty for views
   * made from indices, slices, predicates and splits. Saved with the view as its {@code query}.
   */
  public Optional<String> queryText() {
    return Optional.ofNullable(queryText);
  }

  /**
   * The view rows {@code rows} of this view, in the order given (Python's {@code view[[i, j,
   * ...]]}); repeats are allowed. (An array, not varargs: {@code view(a, b, c)} is the slice {@link
   * #view(long, long, long)}.)
   *
   * @throws IndexOutOfBoundsException when a row is not in {@code [0, length())}
   */
  public DatasetView view(long[] rows) {
    long[] out = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = index(rows[i]);
    }
    return new DatasetView(dataset, out);
  }

  /**
   * Rows {@code start, start + step, ...} before {@code stop} of this view, with Python's slice
   * semantics ({@code view[start:stop:step]}): negative {@code start}/{@code stop} count from the
   * end, both are clamped to the view, a negative {@code step} walks backwards.
   *
   * @throws IllegalArgumentException when {@code step} is 0
   */
  public DatasetView view(long start, long stop, long step) {
    long[] r = sliceRows(indices.length, start, stop, step);
    long[] out = new long[r.length];
    for (int i = 0; i < r.length; i++) {
      out[i] = indices[(int) r[i]];
    }
    return new DatasetView(dataset, out);
  }

  /** Rows {@code [start, stop)} of this view: {@code view(start, stop, 1)}. */
  public DatasetView view(long start, long stop) {
    return view(start, stop, 1);
  }

  /** Python's {@code slice(start, stop, step).indices(n)} expanded: the positions it selects. */
  static long[] sliceRows(long n, long start, long stop, long step) {
    if (step == 0) {
      throw new IllegalArgumentException("slice step cannot be zero");
    }
    long lo = step < 0 ? -1 : 0;
    long hi = step < 0 ? n - 1 : n;
    long s = start < 0 ? Math.max(start + n, lo) : Math.min(start, hi);
    long e = stop < 0 ? Math.max(stop + n, lo) : Math.min(stop, hi);
    long count =
        step > 0
            ? (e > s ? (e - s + step - 1) / step : 0)
            : (s > e ? (s - e - step - 1) / -step : 0);
    if (count > MAX_ROWS) {
      throw new DeepLakeException(
          "views hold up to " + MAX_ROWS + " rows; this slice selects " + count);
    }
    long[] out = new long[(int) count];
    for (int i = 0; i < out.length; i++) {
      out[i] = s + i * step;
    }
    return out;
  }

  /**
   * The rows for which {@code predicate} holds, in view order (Python's {@code ds.filter(fn)}). The
   * predicate runs once per row, in order, on the calling thread; a {@link Row} reads only the
   * tensors the predicate asks for. Pending writes are flushed first.
   */
  public DatasetView filter(Predicate<Row> predicate) {
    dataset.flushIfDirty();
    return new DatasetView(
        dataset, filterRows(dataset, indices.length, i -> indices[(int) i], predicate));
  }

  private static long[] filterRows(
      Dataset ds, long n, java.util.function.LongUnaryOperator rowAt, Predicate<Row> predicate) {
    long[] out = new long[(int) Math.min(n, 1024)];
    int k = 0;
    for (long i = 0; i < n; i++) {
      long r = rowAt.applyAsLong(i);
      if (predicate.test(new Row(ds, i, r))) {
        if (k == out.length) {
          if (k >= MAX_ROWS) {
            throw new DeepLakeException(
                "views hold up to "
                    + MAX_ROWS
                    + " rows; the filter of "
                    + ds.path()
                    + " matched more");
          }
          out = Arrays.copyOf(out, (int) Math.min(MAX_ROWS, Math.max(16L, out.length * 2L)));
        }
        out[k++] = r;
      }
    }
    return Arrays.copyOf(out, k);
  }

  /** The rows {@code rows} of {@code ds} (checked against its length), without listing all rows. */
  static DatasetView rowsOf(Dataset ds, long[] rows) {
    ds.flushIfDirty();
    long n = ds.length();
    for (long r : rows) {
      if (r < 0 || r >= n) {
        throw new IndexOutOfBoundsException("row " + r + " of a dataset of " + n + " rows");
      }
    }
    return new DatasetView(ds, rows.clone());
  }

  /** {@code ds[start:stop:step]}, without listing all rows. */
  static DatasetView sliceOf(Dataset ds, long start, long stop, long step) {
    ds.flushIfDirty();
    return new DatasetView(ds, sliceRows(ds.length(), start, stop, step));
  }

  /** {@code ds.filter(predicate)} over every row, without listing all rows first. */
  static DatasetView filterOf(Dataset ds, Predicate<Row> predicate) {
    ds.flushIfDirty();
    return new DatasetView(ds, filterRows(ds, ds.length(), i -> i, predicate));
  }

  /**
   * Splits the rows into non-overlapping random views with the given fractions of the rows
   * (Python's {@code random_split([0.8, 0.2])}): each split gets {@code floor(fraction * length())}
   * rows and what remains is dealt one row at a time round-robin from the first split. Every row
   * lands in exactly one split. A fresh random seed is drawn per call; see {@link
   * #randomSplit(double[], long)} for reproducible splits.
   *
   * @throws IllegalArgumentException when a fraction is outside [0, 1] or they do not sum to 1
   */
  public List<DatasetView> randomSplit(double... fractions) {
    return randomSplit(fractions, new SplittableRandom().nextLong());
  }

  /**
   * {@link #randomSplit(double...)} with a seed: the same seed, rows and fractions always give the
   * same splits (the shuffle is Java's own, so it does not reproduce Python's split for a seed set
   * with {@code deeplake.random.seed}).
   */
  public List<DatasetView> randomSplit(double[] fractions, long seed) {
    return split(lengthsOf(fractions, indices.length), seed);
  }

  /**
   * Splits the rows into non-overlapping random views of the given lengths (Python's {@code
   * random_split([3, 2])}), which must sum to {@link #length()}. A fresh random seed per call.
   *
   * @throws IllegalArgumentException when a length is negative or they do not sum to {@link
   *     #length()}
   */
  public List<DatasetView> randomSplit(long... lengths) {
    return randomSplit(lengths, new SplittableRandom().nextLong());
  }

  /**
   * {@link #randomSplit(long...)} with a seed, reproducible as {@link #randomSplit(double[],
   * long)}.
   */
  public List<DatasetView> randomSplit(long[] lengths, long seed) {
    long sum = 0;
    for (long l : lengths) {
      if (l < 0) {
        throw new IllegalArgumentException(
            "split lengths must not be negative: " + Arrays.toString(lengths));
      }
      sum += l;
    }
    if (sum != indices.length) {
      throw new IllegalArgumentException(
          "split lengths "
              + Arrays.toString(lengths)
              + " sum to "
              + sum
              + ", not to the "
              + indices.length
              + " rows of the view");
    }
    return split(lengths.clone(), seed);
  }

  static long[] lengthsOf(double[] fractions, long n) {
    if (fractions.length == 0) {
      throw new IllegalArgumentException("randomSplit needs at least one fraction");
    }
    double sum = 0;
    long[] out = new long[fractions.length];
    long taken = 0;
    for (int i = 0; i < fractions.length; i++) {
      double f = fractions[i];
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException(
            "fraction at index " + i + " is not between 0 and 1: " + f);
      }
      sum += f;
      out[i] = (long) Math.floor(n * f);
      taken += out[i];
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException(
          "fractions " + Arrays.toString(fractions) + " sum to " + sum + ", not to 1");
    }
    for (long r = 0; r < n - taken; r++) {
      out[(int) (r % out.length)]++;
    }
    return out;
  }

  private List<DatasetView> split(long[] lengths, long seed) {
    long[] shuffled = indices.clone();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = shuffled.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      long t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    List<DatasetView> out = new ArrayList<>(lengths.length);
    int start = 0;
    for (long l : lengths) {
      out.add(new DatasetView(dataset, Arrays.copyOfRange(shuffled, start, start + (int) l)));
      start += (int) l;
    }
    return List.copyOf(out);
  }

  // ------------------------------------------------------------------------------ saved views

  /**
   * Saves this view in its dataset as a virtual view (Python's {@code view.save_view(id=...,
   * message=...)}): {@code queries.json} gains an entry and {@code .queries/<id>} holds the row
   * indices (tensor {@code VDS_INDEX}), readable by Python deeplake 3.x's {@code ds.load_view(id)}.
   * The view records the dataset's commit and loads at that commit later. Allowed only on a
   * committed version without uncommitted changes, as in Python; the dataset must be open writable
   * (the view's files are written, its versions are not).
   *
   * @param id the view's id; null for a hash of the view (as Python)
   * @param message a message, or null
   * @throws DatasetViewSavingException when the HEAD has uncommitted changes, nothing was committed
   *     yet, the id is taken or the dataset is read-only
   */
  public ViewEntry saveView(String id, String message) {
    requireRowsOnly();
    return save(id, message, false);
  }

  /**
   * Python's saved views hold rows only: groups, sequence items and computed columns do not fit.
   */
  private void requireRowsOnly() {
    if (result.groups() != null || result.items() != null || result.columns() != null) {
      throw new DatasetViewSavingException(
          "this view is the result of a query with a select list, GROUP BY or UNGROUP BY, which"
              + " a saved view (rows of the dataset, Python's format) cannot hold; save the rows"
              + " before grouping or projecting (SELECT * WHERE ...)");
    }
  }

  /**
   * {@link #saveView(String, String)}; with {@code optimize} the view is materialized (Python's
   * {@code save_view(optimize=True)}): {@code .queries/<id>} becomes a dataset holding copies of
   * the view's rows of every visible tensor (plus {@code VDS_INDEX}), and loading it reads the
   * copy. Linked tensors are copied as links.
   */
  public ViewEntry saveView(String id, String message, boolean optimize) {
    requireRowsOnly();
    return save(id, message, optimize);
  }

  private ViewEntry save(String id, String message, boolean optimize) {
    return ViewEntry.of(
        SavedViews.save(
            dataset.core(), indices(), queryText().orElse(null), id, message, optimize));
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
