package org.deeplake4j.engine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Immutable: it holds row indices and reads the dataset's current data (valid while the dataset
 * is open). Thread-safe for reads, as the dataset is.
 */
public final class DatasetView {
  private final Dataset dataset;
  private final long[] indices;

  private DatasetView(Dataset dataset, long[] indices) {
    this.dataset = dataset;
    this.indices = indices;
  }

  /** Runs {@code tql} over {@code rows} of {@code ds} (null: all rows). */
  static DatasetView query(Dataset ds, long[] rows, String tql) {
    ds.flushIfDirty();
    return new DatasetView(ds, Tql.execute(ds, rows, Tql.parse(tql)));
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

  /** Visible tensor names, as the dataset's. */
  public List<String> tensorNames() {
    return dataset.tensorNames();
  }

  /** Whether the dataset has a tensor named {@code name}. */
  public boolean hasTensor(String name) {
    return dataset.hasTensor(name);
  }

  /** The tensor {@code name} restricted to the view's rows. */
  public TensorView tensor(String name) {
    return new TensorView(dataset.tensor(name), indices);
  }

  /** Every visible tensor restricted to the view's rows, in dataset order. */
  public Map<String, TensorView> tensors() {
    Map<String, TensorView> out = new LinkedHashMap<>();
    for (String n : tensorNames()) {
      out.put(n, tensor(n));
    }
    return out;
  }

  /** Runs a TQL query over this view's rows (in view order); the result lists dataset rows. */
  public DatasetView query(String tql) {
    return query(dataset, indices, tql);
  }

  @Override
  public String toString() {
    String rows =
        indices.length <= 10
            ? Arrays.toString(indices)
            : Arrays.toString(Arrays.copyOf(indices, 10)).replace("]", ", ...]");
    return "DatasetView(" + dataset.path() + ", " + indices.length + " rows " + rows + ")";
  }
}
