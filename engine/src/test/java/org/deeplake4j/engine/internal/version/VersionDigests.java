package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.internal.format.Htypes;
import org.deeplake4j.engine.types.CommitNode;

/**
 * Reads every version of a dataset (every branch HEAD and every commit) the way {@code
 * read_versions.py} reads it with Python, and checks what Python's integrity check checks: every
 * tensor's encoder covers exactly its {@code length}, every companion is in step.
 */
final class VersionDigests {
  private VersionDigests() {}

  /** Length and digest of one tensor at one version (see read_versions.py). */
  record Digest(long length, String digest) {}

  /** ref -> tensor name -> digest, for every branch HEAD and commit; asserts integrity. */
  static Map<String, Map<String, Digest>> read(String path) {
    Map<String, Map<String, Digest>> out = new TreeMap<>();
    List<String> refs = new ArrayList<>();
    try (Dataset ds = Dataset.open(path)) {
      refs.addAll(ds.versionGraph().branches().keySet());
      for (CommitNode n : ds.versionGraph().nodes().values()) {
        if (!n.isHead()) {
          refs.add(n.id());
        }
      }
    }
    for (String ref : refs) {
      try (Dataset ds = Dataset.open(path, ref)) {
        out.put(ref, atVersion(ds));
      }
    }
    return out;
  }

  /** Tensor digests of the version {@code ds} reads, after checking its integrity. */
  static Map<String, Digest> atVersion(Dataset ds) {
    Map<String, Digest> m = new TreeMap<>();
    for (String n : ds.tensorNames(true)) {
      Tensor t = ds.tensor(n);
      assertThat(t.chunkIdEncoder().numItems())
          .as("%s: chunk-id encoder of %s at %s covers its length", ds.path(), n, ds.nodeId())
          .isEqualTo(t.meta().length());
      for (var e : t.meta().links().entrySet()) {
        String c = ds.meta().nameOfKey(e.getKey());
        boolean flatten = e.getValue().path("flatten_sequence").asBoolean(false);
        assertThat(ds.tensor(c).numItems())
            .as("%s: companion %s of %s at %s", ds.path(), c, n, ds.nodeId())
            .isEqualTo(flatten ? t.numItems() : t.length());
      }
      m.put(n, digest(t));
    }
    return m;
  }

  static Digest digest(Tensor t) {
    try {
      MessageDigest all = MessageDigest.getInstance("SHA-256");
      for (long i = 0; i < t.length(); i++) {
        byte[] b =
            Htypes.isTextLike(t.baseHtype())
                ? t.text(i).getBytes(StandardCharsets.UTF_8)
                : t.numpy(i).toBytes();
        all.update(MessageDigest.getInstance("SHA-256").digest(b));
      }
      return new Digest(t.length(), HexFormat.of().formatHex(all.digest()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts that Python's reading (one path of read_versions.py's output) equals Java's. */
  static void assertPythonReadsTheSame(JsonNode pyResult, Map<String, Map<String, Digest>> java) {
    assertThat(pyResult.path("ok").asBoolean())
        .as("Python read every version: %s", pyResult.path("error").asText())
        .isTrue();
    JsonNode versions = pyResult.get("versions");
    assertThat(iterable(versions.fieldNames())).containsExactlyInAnyOrderElementsOf(java.keySet());
    for (var v : java.entrySet()) {
      JsonNode pv = versions.get(v.getKey());
      assertThat(iterable(pv.fieldNames()))
          .as("tensors at %s", v.getKey())
          .containsExactlyInAnyOrderElementsOf(v.getValue().keySet());
      for (var t : v.getValue().entrySet()) {
        JsonNode pt = pv.get(t.getKey());
        assertThat(pt.get("length").asLong())
            .as("%s at %s", t.getKey(), v.getKey())
            .isEqualTo(t.getValue().length());
        assertThat(pt.get("digest").asText())
            .as("%s at %s", t.getKey(), v.getKey())
            .isEqualTo(t.getValue().digest());
      }
    }
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
