package org.deeplake4j.engine.internal.tql;

import java.util.List;
import org.deeplake4j.engine.tql.Expr.BinaryOp;

/**
 * A TQL expression bound to a dataset: tensors resolved to {@link TensorCol}s, functions to {@link
 * Fn}s, class names of string literals compared with labels resolved to label indices, constant
 * sub-expressions folded, each node with its static {@link SType}.
 */
sealed interface Node {
  SType type();

  /** A constant. */
  record Const(Val value, SType type) implements Node {}

  /** The value of a tensor at the current row. */
  record Col(TensorCol col, SType type) implements Node {}

  /** Arithmetic negation. */
  record Neg(Node e, SType type) implements Node {}

  /** Logical negation of a truth value. */
  record Not(Node e, SType type) implements Node {}

  /** Arithmetic, comparison or logical connective; {@code what} names it for messages. */
  record Bin(BinaryOp op, Node l, Node r, SType type, String what) implements Node {}

  /** {@code v [NOT] BETWEEN lo AND hi}. */
  record Between(Node v, Node lo, Node hi, boolean negated, SType type) implements Node {}

  /** {@code v [NOT] IN (items)}. */
  record In(Node v, List<Node> items, boolean negated, SType type) implements Node {}

  /** A function call. */
  record Call(Fn fn, List<Node> args, SType type) implements Node {}

  /** {@code target[idx, ...]}. */
  record Sub(Node target, List<Idx> idx, SType type, String what) implements Node {}

  /** A non-constant {@code ARRAY[...]} of scalars. */
  record ArrayOf(List<Node> items, SType type) implements Node {}

  /** A subscript item. */
  sealed interface Idx permits At, Slice {}

  /** A position or a JSON key. */
  record At(Node index) implements Idx {}

  /** {@code start:stop:step}; null parts are omitted. */
  record Slice(Node start, Node stop, Node step) implements Idx {}
}
