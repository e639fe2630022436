package org.deeplake4j.engine;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fragment writer needs to write part of a {@link WriteTransaction}, in any JVM: where the
 * dataset is and how to reach it, the branch and the version the transaction is based on, the
 * schema (each tensor's {@code tensor_meta.json} and {@code tensor_info.json}: htypes, dtypes,
 * compressions, class names, hidden companions), the transaction id, and the staging folder its
 * chunks go to. Immutable and serializable (Spark ships it to executors); {@link #toString()} never
 * shows storage option values, which may be secrets.
 */
public final class WritePlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String location;
  private final Map<String, String> storageOptions;
  private final String branch;
  private final String baseVersion;
  private final String baseCommit;
  private final String transactionId;
  private final String stagingId;
  private final byte[] datasetMeta;
  private final Map<String, byte[]> tensorMetas;
  private final Map<String, byte[]> tensorInfos;
  private final Map<String, String> tensorKeys;
  private final Map<String, Long> baseLengths;

  WritePlan(
      String location,
      Map<String, String> storageOptions,
      String branch,
      String baseVersion,
      String baseCommit,
      String transactionId,
      String stagingId,
      byte[] datasetMeta,
      Map<String, byte[]> tensorMetas,
      Map<String, byte[]> tensorInfos,
      Map<String, String> tensorKeys,
      Map<String, Long> baseLengths) {
    this.location = location;
    this.storageOptions = Map.copyOf(storageOptions);
    this.branch = branch;
    this.baseVersion = baseVersion;
    this.baseCommit = baseCommit;
    this.transactionId = transactionId;
    this.stagingId = stagingId;
    this.datasetMeta = datasetMeta.clone();
    this.tensorMetas = Collections.unmodifiableMap(new LinkedHashMap<>(tensorMetas));
    this.tensorInfos = Collections.unmodifiableMap(new LinkedHashMap<>(tensorInfos));
    this.tensorKeys = Collections.unmodifiableMap(new LinkedHashMap<>(tensorKeys));
    this.baseLengths = Collections.unmodifiableMap(new LinkedHashMap<>(baseLengths));
  }

  /** The dataset's path or URL. */
  public String location() {
    return location;
  }

  /** Backend options (credentials, endpoints) for opening the location. */
  public Map<String, String> storageOptions() {
    return storageOptions;
  }

  /** The branch the transaction commits to. */
  public String branch() {
    return branch;
  }

  /** The branch's HEAD node when the transaction began. */
  public String baseVersion() {
    return baseVersion;
  }

  /** The commit the base HEAD was made from (its parent). */
  public String baseCommit() {
    return baseCommit;
  }

  /** The transaction's id: a commit with it publishes its rows at most once. */
  public String transactionId() {
    return transactionId;
  }

  /** The folder ({@code versions/<id>/}) the fragments' chunks are written to. */
  public String stagingId() {
    return stagingId;
  }

  /** Names of the visible tensors of the schema, in order. */
  public List<String> tensorNames() {
    return List.copyOf(tensorKeys.keySet());
  }

  /** Number of rows (items) of tensor {@code name} at the base version. */
  public long baseLength(String name) {
    Long n = baseLengths.get(tensorKeys.getOrDefault(name, name));
    if (n == null) {
      throw new IllegalArgumentException("no tensor '" + name + "' in the plan: " + tensorNames());
    }
    return n;
  }

  byte[] datasetMeta() {
    return datasetMeta.clone();
  }

  Map<String, byte[]> tensorMetas() {
    return tensorMetas;
  }

  Map<String, byte[]> tensorInfos() {
    return tensorInfos;
  }

  @Override
  public String toString() {
    return "WritePlan[location="
        + location
        + ", storageOptions="
        + storageOptions.keySet()
        + ", branch="
        + branch
        + ", baseVersion="
        + baseVersion
        + ", transactionId="
        + transactionId
        + ", stagingId="
        + stagingId
        + ", tensors="
        + tensorNames()
        + "]";
  }
}
