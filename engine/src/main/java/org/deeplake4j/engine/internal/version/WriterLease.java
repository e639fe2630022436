package org.deeplake4j.engine.internal.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.MetaJson;
import org.deeplake4j.engine.storage.Storage;

/**
 * A Java writer's lease: {@code .deeplake4j/writers/<session>.lock}, JSON, written before the
 * writer's lock record and refreshed with it, deleted when the writer closes. It says which branch
 * the writer holds, until when ({@code expires}, epoch seconds), with which lock identity ({@code
 * node}: 12 hex digits, {@code tag}: hex of the tag bytes) and which process it is ({@code pid};
 * {@code host} and {@code start} where the machine can name its processes, see {@link
 * LocalProcess}). Leases written before identities were recorded have no {@code node}: they are
 * writers sharing {@link DatasetLock#SHARED}.
 *
 * @param key storage key
 * @param branch branch held
 * @param expires expiry in epoch seconds
 * @param identity the lock identity the writer holds its lock with
 * @param process the writer process, when its machine could name it provably
 */
record WriterLease(
    String key,
    String branch,
    double expires,
    DatasetLock.Identity identity,
    Optional<LocalProcess.Name> process) {

  /** The lease JSON of a writer of {@code branch} with {@code identity}, this process. */
  static byte[] json(String branch, double expires, DatasetLock.Identity identity) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("branch", branch);
    o.put("expires", expires);
    o.put("pid", ProcessHandle.current().pid());
    o.put("node", String.format("%012x", identity.nodeId()));
    o.put("tag", HexFormat.of().formatHex(identity.tag()));
    LocalProcess.self()
        .ifPresent(
            n -> {
              o.put("host", n.host());
              o.put("start", n.start());
            });
    return MetaJson.compact(o);
  }

  /** Parses lease {@code key}; empty when it is gone or unreadable (not a live writer). */
  static Optional<WriterLease> read(Storage storage, String key) {
    try {
      Optional<byte[]> b = storage.getIfExists(key);
      if (b.isEmpty()) {
        return Optional.empty();
      }
      JsonNode j = Json.parse(b.get(), key);
      DatasetLock.Identity id = DatasetLock.SHARED;
      if (j.hasNonNull("node")) {
        id =
            new DatasetLock.Identity(
                Long.parseLong(j.get("node").asText(), 16),
                HexFormat.of().parseHex(j.path("tag").asText()));
      }
      Optional<LocalProcess.Name> p = Optional.empty();
      if (j.hasNonNull("host") && j.path("pid").canConvertToLong() && j.has("start")) {
        p =
            Optional.of(
                new LocalProcess.Name(
                    j.get("host").asText(), j.get("pid").asLong(), j.get("start").asLong()));
      }
      return Optional.of(
          new WriterLease(key, j.path("branch").asText(), j.path("expires").asDouble(0), id, p));
    } catch (RuntimeException e) {
      return Optional.empty(); // deleted or garbled meanwhile
    }
  }

  /** Every readable lease of the dataset. */
  static List<WriterLease> list(Storage storage) {
    List<WriterLease> out = new ArrayList<>();
    for (String k : storage.list(DatasetLock.LEASE_PREFIX)) {
      if (DatasetLock.isLeaseKey(k)) {
        read(storage, k).ifPresent(out::add);
      }
    }
    return out;
  }

  /** Whether the writer shares {@link DatasetLock#SHARED} (a cooperating writer). */
  boolean shared() {
    return identity.equals(DatasetLock.SHARED);
  }

  /** Whether the lease is unexpired at {@code nowSeconds} (epoch seconds). */
  boolean unexpiredAt(double nowSeconds) {
    return expires > nowSeconds;
  }

  /** Whether the writer process is provably dead ({@link LocalProcess#isDead}). */
  boolean provablyDead() {
    return process.isPresent() && LocalProcess.isDead(process.get());
  }
}
