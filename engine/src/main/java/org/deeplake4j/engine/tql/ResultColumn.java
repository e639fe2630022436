package org.deeplake4j.engine.tql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * One output column of a query with a select list or GROUP BY: either a stored tensor read through
 * the result's rows ({@link Kind#TENSOR}), a stored tensor whose rows are the members of each group
 * ({@link Kind#SEQUENCE}), or values computed by the query ({@link Kind#COMPUTED}: an expression or
 * an aggregate, materialised when the query ran, one value per result row).
 *
 * <p>Computed values are typed: numbers are {@code int64} (integers), {@code bool} (comparisons) or
 * {@code float64}, each row an n-d array (a scalar has shape {@code []}); strings are {@code text};
 * JSON objects and arrays are {@code json}. Immutable and thread-safe. The engine implements it;
 * callers only read it.
 */
public interface ResultColumn {
  /** Where the values of a column come from. */
  enum Kind {
    /** A stored tensor, row {@code i} read at the result's dataset row {@code i}. */
    TENSOR,
    /** A stored tensor, row {@code i} the sequence of its values at the members of group i. */
    SEQUENCE,
    /** Values computed by the query. */
    COMPUTED
  }

  /** The output name ({@code AS} alias, the tensor's name, or the expression's text). */
  String name();

  Kind kind();

  /** The stored tensor ({@link Kind#TENSOR}, {@link Kind#SEQUENCE}), or null. */
  String tensor();

  /** Number of rows (computed columns; stored columns have the result's length). */
  int length();

  /**
   * {@code generic}, {@code class_label} (labels kept as such), {@code text} or {@code json}.
   *
   * @throws IllegalStateException if the column is a stored tensor
   */
  String htype();

  /**
   * The dtype of numeric values: {@code int64}, {@code float64} or {@code bool} (a column whose
   * rows mix kinds reports the dtype of its first non-empty row); null for text and json columns.
   *
   * @throws IllegalStateException if the column is a stored tensor
   */
  Dtype dtype();

  /** Class names of computed label values (a GROUP BY key over a class_label tensor), or null. */
  List<String> classNames();

  /**
   * The shape of row {@code row}: of the array, {@code []} for a string, JSON values {@code []}.
   */
  long[] shape(long row);

  /** The numeric value of row {@code row}. */
  NdArray numpy(long row);

  /** The string of row {@code row} (text columns). */
  String text(long row);

  /** Row {@code row} as JSON: numbers, strings, arrays (nested by shape) or the JSON value. */
  JsonNode json(long row);
}
