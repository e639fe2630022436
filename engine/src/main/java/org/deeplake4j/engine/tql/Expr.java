package org.deeplake4j.engine.tql;

import java.util.List;

/**
 * A TQL expression, as parsed: every node records where it starts in the query text so that
 * semantic errors can point at it. Immutable.
 */
public sealed interface Expr
    permits Expr.NumberLit,
        Expr.StringLit,
        Expr.BoolLit,
        Expr.ArrayLit,
        Expr.Column,
        Expr.Unary,
        Expr.Binary,
        Expr.Between,
        Expr.In,
        Expr.Call,
        Expr.Subscript {

  /** Where the expression starts. */
  Position pos();

  /** A numeric literal: a {@link Long} for integers that fit, else a {@link Double}. */
  record NumberLit(Number value, Position pos) implements Expr {}

  /** A string literal ({@code 'text'}, with {@code ''} for a quote). */
  record StringLit(String value, Position pos) implements Expr {}

  /** {@code TRUE} or {@code FALSE}. */
  record BoolLit(boolean value, Position pos) implements Expr {}

  /** {@code ARRAY[item, ...]}; items may be nested arrays. */
  record ArrayLit(List<Expr> items, Position pos) implements Expr {
    public ArrayLit {
      items = List.copyOf(items);
    }
  }

  /** A tensor, by its name ({@code group/name} for a tensor in a group). */
  record Column(String name, Position pos) implements Expr {}

  /** Prefix operators. */
  enum UnaryOp {
    /** Arithmetic negation. */
    NEG,
    /** Logical negation. */
    NOT
  }

  /** {@code -operand} or {@code NOT operand}. */
  record Unary(UnaryOp op, Expr operand, Position pos) implements Expr {}

  /** Infix operators. */
  enum BinaryOp {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    MOD("%"),
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    AND("AND"),
    OR("OR");

    private final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as TQL writes it. */
    public String symbol() {
      return symbol;
    }

    /** Whether this is one of the six comparisons. */
    public boolean isComparison() {
      return ordinal() >= EQ.ordinal() && ordinal() <= GE.ordinal();
    }

    /** Whether this is one of the five arithmetic operators. */
    public boolean isArithmetic() {
      return ordinal() <= MOD.ordinal();
    }
  }

  /** {@code left op right}. */
  record Binary(BinaryOp op, Expr left, Expr right, Position pos) implements Expr {}

  /** {@code value [NOT] BETWEEN low AND high} (inclusive). */
  record Between(Expr value, Expr low, Expr high, boolean negated, Position pos) implements Expr {}

  /** {@code value [NOT] IN ARRAY[item, ...]}. */
  record In(Expr value, List<Expr> items, boolean negated, Position pos) implements Expr {
    public In {
      items = List.copyOf(items);
    }
  }

  /** {@code FUNCTION(arg, ...)}; the name as written (functions are matched case-insensitively). */
  record Call(String function, List<Expr> args, Position pos) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** {@code target[index, ...]}: positions, Python-style slices, or JSON keys. */
  record Subscript(Expr target, List<Index> indices, Position pos) implements Expr {
    public Subscript {
      indices = List.copyOf(indices);
    }
  }

  /** One item of a subscript. */
  sealed interface Index permits At, Slice {}

  /** A position along one axis (negative counts from the end), or a JSON key. */
  record At(Expr index) implements Index {}

  /** {@code start:stop:step}, each part optional (null). */
  record Slice(Expr start, Expr stop, Expr step) implements Index {}
}
