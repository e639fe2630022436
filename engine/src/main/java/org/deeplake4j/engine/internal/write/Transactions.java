package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.MetaJson;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.storage.Storage;

/**
 * The per-node transactions file ({@code versions/<id>/.deeplake4j/transactions.json}, §7 of
 * docs/commit-protocol.md): which write transactions' rows a node holds. A node's file starts as a
 * copy of its base HEAD's (S1), gains the transactions the session commits, and is merged with the
 * tip's on a rebase; a commit's new HEAD starts without one. Whether a transaction is committed on
 * a branch is whether some node of the branch HEAD's chain lists it. Stateless.
 */
final class Transactions {
  private Transactions() {}

  /** A transaction was already committed by another attempt: nothing of this one is published. */
  static final class AlreadyCommittedException extends CommitConflictException {
    private static final long serialVersionUID = 1L;
    final String txnId;

    AlreadyCommittedException(String txnId, String node) {
      super("write transaction " + txnId + " is already committed (node " + node + ")");
      this.txnId = txnId;
    }
  }

  /** The transactions listed by node {@code node} (empty at the root or without a file). */
  static Set<String> read(Storage storage, String node) {
    Set<String> out = new LinkedHashSet<>();
    if (VersionGraph.FIRST_COMMIT_ID.equals(node)) {
      return out;
    }
    String key = VersionKeys.at(node, Layout.TRANSACTIONS);
    storage
        .getIfExists(key)
        .ifPresent(
            b -> {
              JsonNode j = Json.parse(b, key);
              for (JsonNode t : j.path("transactions")) {
                out.add(t.asText());
              }
            });
    return out;
  }

  /** Writes node {@code node}'s file listing {@code ids} (deletes it when empty). */
  static void write(Storage storage, String node, Set<String> ids) {
    String key = VersionKeys.at(node, Layout.TRANSACTIONS);
    if (ids.isEmpty()) {
      storage.delete(key);
      return;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ArrayNode a = o.putArray("transactions");
    ids.forEach(a::add);
    storage.put(key, MetaJson.bytes(o));
  }

  /**
   * The node of {@code chain} (nearest first) that lists {@code txnId}, or null. The walk stops at
   * {@code stopAt} (exclusive; null: the whole chain): a transaction can only have been committed
   * in nodes made after its plan, i.e. after the plan's base's parent commit.
   */
  static String find(Storage storage, List<String> chain, String txnId, String stopAt) {
    for (String n : chain) {
      if (n.equals(stopAt)) {
        return null;
      }
      if (read(storage, n).contains(txnId)) {
        return n;
      }
    }
    return null;
  }
}
