package org.deeplake4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * One field of a scan's output, as planned on the driver and shipped to executors: a tensor, a
 * group (a struct of fields) or a metadata column. Small and serializable.
 */
sealed interface ReadField extends Serializable {

  /** The tensor {@code tensor}, read as {@code type} (checked again on the executor). */
  record TensorField(String tensor, DataType type) implements ReadField {}

  /**
   * A column derived from tensor {@code tensor} (options shapeColumns, labelColumns), read as
   * {@code type}.
   */
  record DerivedField(String tensor, Derived what, DataType type) implements ReadField {}

  /** What a derived column holds. */
  enum Derived {
    /** {@code <tensor>_shape}: the sample's shape, {@code array<long>}. */
    SHAPE("_shape"),
    /** {@code <tensor>_label}: the class names of a class_label sample. */
    LABEL("_label");

    private final String suffix;

    Derived(String suffix) {
      this.suffix = suffix;
    }

    /** The column name's suffix after the tensor's own name. */
    String suffix() {
      return suffix;
    }
  }

  /** A group: a struct of the fields read from it. */
  record GroupField(String group, List<ReadField> fields, StructType type) implements ReadField {
    public GroupField {
      fields = List.copyOf(fields);
    }
  }

  /** The metadata column {@code _index}: the row's index in the dataset version. */
  record IndexField() implements ReadField {}

  /** The metadata column {@code _ref}: the id of the version node read. */
  record RefField() implements ReadField {}
}
