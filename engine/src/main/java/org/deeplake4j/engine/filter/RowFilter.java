package org.deeplake4j.engine.filter;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A predicate over the rows of a dataset version: an immutable tree of comparisons on tensors and
 * on the row index, combined with AND, OR and NOT. Evaluated with SQL's three-valued logic (a
 * comparison with a null sample is unknown, and a row matches only when the whole filter is true);
 * see {@link RowFilters#bind}. Serializable, so adapters can ship filters to executors.
 *
 * <p>Tensor names are user-visible names ({@code group/name} inside groups).
 */
public sealed interface RowFilter extends Serializable {

  /** Comparison operators. */
  enum Op {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    /** The SQL symbol. */
    public String symbol() {
      return symbol;
    }

    /** Whether {@code cmp} (a negative, zero or positive comparison result) satisfies this op. */
    public boolean test(int cmp) {
      return switch (this) {
        case EQ -> cmp == 0;
        case NE -> cmp != 0;
        case LT -> cmp < 0;
        case LE -> cmp <= 0;
        case GT -> cmp > 0;
        case GE -> cmp >= 0;
      };
    }
  }

  /** A typed constant a numeric sample is compared with. */
  sealed interface Literal extends Serializable {}

  /** An integer constant, compared with samples of integer dtypes (not uint64). */
  record IntLiteral(long value) implements Literal {
    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A float32 constant: compared in float32 with float16/float32 samples, else widened. */
  record FloatLiteral(float value) implements Literal {
    @Override
    public String toString() {
      return value + "f";
    }
  }

  /** A float64 constant. */
  record DoubleLiteral(double value) implements Literal {
    @Override
    public String toString() {
      return Double.toString(value);
    }
  }

  /** A boolean constant, compared with bool samples ({@code false < true}). */
  record BoolLiteral(boolean value) implements Literal {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /**
   * {@code tensor op value} on a scalar numeric tensor (every sample of shape [1]). Floating point
   * values are ordered as SQL orders them: NaN equals NaN and is above every other value, and -0.0
   * equals 0.0.
   */
  record Compare(String tensor, Op op, Literal value) implements RowFilter {
    public Compare {
      Objects.requireNonNull(tensor, "tensor");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return tensor + " " + op.symbol() + " " + value;
    }
  }

  /** {@code tensor IN (values)} on a scalar numeric tensor; an empty list matches nothing. */
  record In(String tensor, List<Literal> values) implements RowFilter {
    public In {
      Objects.requireNonNull(tensor, "tensor");
      values = List.copyOf(values);
    }

    @Override
    public String toString() {
      return tensor + " IN " + values;
    }
  }

  /** {@code tensor IN (strings)} on a text tensor: exact (binary) string equality. */
  record TextIn(String tensor, Set<String> values) implements RowFilter {
    public TextIn {
      Objects.requireNonNull(tensor, "tensor");
      values = Set.copyOf(values);
    }

    @Override
    public String toString() {
      return tensor + " IN " + values;
    }
  }

  /**
   * The class name of a scalar class_label sample is one of {@code names} (looked up in the
   * tensor's {@code class_names}; a label outside the list is null).
   */
  record ClassNameIn(String tensor, Set<String> names) implements RowFilter {
    public ClassNameIn {
      Objects.requireNonNull(tensor, "tensor");
      names = Set.copyOf(names);
    }

    @Override
    public String toString() {
      return "class_name(" + tensor + ") IN " + names;
    }
  }

  /** The row is null in {@code tensor} (see the package documentation for the null rule). */
  record IsNull(String tensor) implements RowFilter {
    public IsNull {
      Objects.requireNonNull(tensor, "tensor");
    }

    @Override
    public String toString() {
      return tensor + " IS NULL";
    }
  }

  /** {@code row_index op value}. */
  record RowIndex(Op op, long value) implements RowFilter {
    public RowIndex {
      Objects.requireNonNull(op, "op");
    }

    @Override
    public String toString() {
      return "_index " + op.symbol() + " " + value;
    }
  }

  /** {@code row_index IN (values)}. */
  record RowIndexIn(List<Long> values) implements RowFilter {
    public RowIndexIn {
      values = List.copyOf(values);
    }

    @Override
    public String toString() {
      return "_index IN " + values;
    }
  }

  /** Both hold. */
  record And(RowFilter left, RowFilter right) implements RowFilter {
    public And {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
      return "(" + left + " AND " + right + ")";
    }
  }

  /** Either holds. */
  record Or(RowFilter left, RowFilter right) implements RowFilter {
    public Or {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
      return "(" + left + " OR " + right + ")";
    }
  }

  /** Negation (unknown stays unknown). */
  record Not(RowFilter child) implements RowFilter {
    public Not {
      Objects.requireNonNull(child, "child");
    }

    @Override
    public String toString() {
      return "NOT " + child;
    }
  }

  /** Always true or always false. */
  record Constant(boolean value) implements RowFilter {
    @Override
    public String toString() {
      return Boolean.toString(value).toUpperCase(java.util.Locale.ROOT);
    }
  }
}
