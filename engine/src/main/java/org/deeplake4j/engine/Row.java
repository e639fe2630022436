package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;

/**
 * One dataset row as a {@link DatasetView#filter filter} predicate sees it: typed access to the
 * row's sample in each tensor. Nothing is read until asked for, and only the tensors asked for are
 * read (lazy per tensor), so a predicate over one small tensor never touches the large ones.
 *
 * <pre>{@code
 * DatasetView big = ds.filter(r -> r.longValue("labels") == 3 && r.text("split").equals("train"));
 * }</pre>
 *
 * <p>A row is valid while its dataset is open; it is meant to be used inside the predicate call.
 */
public final class Row {
  private final Dataset dataset;
  private final long viewIndex;
  private final long index;

  Row(Dataset dataset, long viewIndex, long index) {
    this.dataset = dataset;
    this.viewIndex = viewIndex;
    this.index = index;
  }

  /** The dataset the row belongs to. */
  public Dataset dataset() {
    return dataset;
  }

  /** The row's index in the dataset. */
  public long index() {
    return index;
  }

  /** The row's position in the view being filtered. */
  public long viewIndex() {
    return viewIndex;
  }

  /** Visible tensor names. */
  public List<String> tensorNames() {
    return dataset.tensorNames();
  }

  /** The tensor {@code name} (throws {@link NotFoundException} when there is none). */
  public Tensor tensor(String name) {
    return dataset.tensor(name);
  }

  /** The sample of tensor {@code name} as an array. */
  public NdArray numpy(String name) {
    return tensor(name).numpy(index);
  }

  /**
   * The sample of tensor {@code name} in the type its htype reads as: the link {@code String} of a
   * link tensor, {@code String} for text, {@link JsonNode} for json, list and tag, else {@link
   * NdArray}.
   */
  public Object value(String name) {
    Tensor t = tensor(name);
    Htype h = t.baseType();
    if (t.isLink()) {
      return t.linkPath(index);
    }
    if (h.isJsonLike()) {
      return t.json(index);
    }
    if (h == Htype.TEXT) {
      return t.text(index);
    }
    return t.numpy(index);
  }

  /** The shape of the sample of tensor {@code name}. */
  public long[] shape(String name) {
    return tensor(name).shape(index);
  }

  /** The text of tensor {@code name} (text htype). */
  public String text(String name) {
    return tensor(name).text(index);
  }

  /** The JSON value of tensor {@code name} (json and list htypes). */
  public JsonNode json(String name) {
    return tensor(name).json(index);
  }

  /** The stored bytes of tensor {@code name}. */
  public byte[] bytes(String name) {
    return tensor(name).bytes(index);
  }

  /** The link of tensor {@code name} (link tensors). */
  public String linkPath(String name) {
    return tensor(name).linkPath(index);
  }

  /**
   * The one number of tensor {@code name} as a long (scalars such as labels; an integer sample of
   * one element).
   *
   * @throws IllegalStateException when the sample does not have exactly one element
   */
  public long longValue(String name) {
    return single(name).getLong(0);
  }

  /**
   * The one number of tensor {@code name} as a double.
   *
   * @throws IllegalStateException when the sample does not have exactly one element
   */
  public double doubleValue(String name) {
    return single(name).getDouble(0);
  }

  /** The one boolean of tensor {@code name} (a bool sample of one element). */
  public boolean booleanValue(String name) {
    return single(name).getBoolean(0);
  }

  /** The class names of the labels of tensor {@code name} (class_label htype), in sample order. */
  public List<String> labels(String name) {
    Tensor t = tensor(name);
    NdArray a = t.numpy(index);
    List<String> names = t.classNames();
    String[] out = new String[a.size()];
    for (int i = 0; i < out.length; i++) {
      long k = a.getLong(i);
      out[i] = k >= 0 && k < names.size() ? names.get((int) k) : Long.toString(k);
    }
    return List.of(out);
  }

  private NdArray single(String name) {
    NdArray a = numpy(name);
    if (a.size() != 1) {
      throw new IllegalStateException(
          "tensor '"
              + name
              + "' row "
              + index
              + " has "
              + a.size()
              + " elements, not one; read it with numpy(\""
              + name
              + "\")");
    }
    return a;
  }

  @Override
  public String toString() {
    return "Row(" + dataset.path() + ", " + index + ")";
  }
}
