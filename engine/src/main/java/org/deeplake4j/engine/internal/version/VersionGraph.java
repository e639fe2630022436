package org.deeplake4j.engine.internal.version;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.CommitNode;

/**
 * The version tree of a dataset ({@code version_control_info.json}): commit nodes and branch heads.
 * Loaded as Python loads it: nodes reachable from the root by {@code children}; rebuilt from {@code
 * commit_info.json} files when the file is missing or unusable; a dataset with neither has one HEAD
 * node, the root, on {@code main}. Immutable.
 */
public final class VersionGraph {
  /** Id of the root node; its files live at the dataset root. */
  public static final String FIRST_COMMIT_ID = "firstdbf9474d461a19e9333c2fd19b46115348f";

  public static final String VERSION_INFO_KEY = Layout.VERSION_CONTROL_INFO;
  public static final String LEGACY_VERSION_INFO_KEY = Layout.LEGACY_VERSION_CONTROL_INFO;
  public static final String COMMIT_INFO_KEY = Layout.COMMIT_INFO;

  private final Map<String, CommitNode> nodes;
  private final Map<String, String> branches;

  private VersionGraph(Map<String, CommitNode> nodes, Map<String, String> branches) {
    this.nodes = Collections.unmodifiableMap(nodes);
    this.branches = Collections.unmodifiableMap(branches);
  }

  /** A fresh dataset: the root as the HEAD of main. */
  public static VersionGraph initial() {
    Map<String, CommitNode> n = new LinkedHashMap<>();
    n.put(
        FIRST_COMMIT_ID,
        new CommitNode(FIRST_COMMIT_ID, "main", null, List.of(), null, null, null, false, 0));
    Map<String, String> b = new LinkedHashMap<>();
    b.put("main", FIRST_COMMIT_ID);
    return new VersionGraph(n, b);
  }

  /** Loads the version tree of the dataset in {@code storage}. */
  public static VersionGraph load(Storage storage) {
    return fromBytes(storage, storage.getIfExists(VERSION_INFO_KEY));
  }

  /**
   * The version tree given the bytes of {@code version_control_info.json} (empty when it does not
   * exist), with {@link #load}'s fallbacks (rebuild from {@code commit_info.json}, else a fresh
   * tree).
   */
  public static VersionGraph fromBytes(Storage storage, Optional<byte[]> json) {
    if (json.isPresent()) {
      try {
        return parse(json.get(), VERSION_INFO_KEY);
      } catch (CorruptDataException e) {
        VersionGraph rebuilt = rebuild(storage);
        if (rebuilt != null) {
          return rebuilt;
        }
        throw e;
      }
    }
    VersionGraph rebuilt = rebuild(storage);
    if (rebuilt != null) {
      return rebuilt;
    }
    if (storage.exists(LEGACY_VERSION_INFO_KEY)) {
      throw new UnsupportedFormatException(
          storage.root()
              + ": version history is in the pickled 'version_control_info' of Deep Lake 2.x;"
              + " open and save it once with deeplake 3.x to convert it");
    }
    return initial();
  }

  /** Parses {@code version_control_info.json}. */
  public static VersionGraph parse(byte[] bytes, String key) {
    JsonNode root = Json.parse(bytes, key);
    JsonNode commits = root.get("commits");
    JsonNode br = root.get("branches");
    if (commits == null || !commits.isObject() || br == null || !br.isObject()) {
      throw new CorruptDataException(key, "expected objects 'commits' and 'branches'");
    }
    Map<String, CommitNode> all = new LinkedHashMap<>();
    var it = commits.fields();
    while (it.hasNext()) {
      var e = it.next();
      all.put(e.getKey(), node(e.getKey(), e.getValue(), key));
    }
    Map<String, String> branches = new LinkedHashMap<>();
    var bit = br.fields();
    while (bit.hasNext()) {
      var e = bit.next();
      if (!e.getValue().isTextual()) {
        throw new CorruptDataException(key, "branch '" + e.getKey() + "' must name a commit id");
      }
      branches.put(e.getKey(), e.getValue().textValue());
    }
    return reachable(all, branches, key);
  }

  private static VersionGraph reachable(
      Map<String, CommitNode> all, Map<String, String> branches, String key) {
    if (!all.containsKey(FIRST_COMMIT_ID)) {
      throw new CorruptDataException(key, "no root node " + FIRST_COMMIT_ID);
    }
    Map<String, CommitNode> nodes = new LinkedHashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    stack.push(FIRST_COMMIT_ID);
    while (!stack.isEmpty()) {
      String id = stack.pop();
      CommitNode n = all.get(id);
      if (n == null || nodes.containsKey(id)) {
        if (n == null) {
          throw new CorruptDataException(key, "child " + id + " is listed but has no node");
        }
        continue;
      }
      checkId(id, key);
      if (!branches.containsKey(n.branch())) {
        throw new CorruptDataException(
            key, "node " + id + " is on branch '" + n.branch() + "', which is not listed");
      }
      nodes.put(id, n);
      List<String> kids = new ArrayList<>(n.children());
      Collections.reverse(kids);
      kids.forEach(stack::push);
    }
    for (CommitNode n : nodes.values()) {
      if (n.id().equals(FIRST_COMMIT_ID) ? n.parent() != null : !nodes.containsKey(n.parent())) {
        throw new CorruptDataException(
            key,
            "node "
                + n.id()
                + " has parent "
                + n.parent()
                + (n.id().equals(FIRST_COMMIT_ID)
                    ? ", but it is the root"
                    : ", which is not in the tree"));
      }
    }
    for (Map.Entry<String, String> b : branches.entrySet()) {
      if (!nodes.containsKey(b.getValue())) {
        throw new CorruptDataException(
            key, "branch '" + b.getKey() + "' points at unknown node " + b.getValue());
      }
    }
    return new VersionGraph(nodes, branches);
  }

  /** Ids of nodes in the tree name folders ({@code versions/<id>/}): one safe path segment. */
  private static void checkId(String id, String key) {
    if (id.isEmpty()
        || id.equals(".")
        || id.equals("..")
        || id.indexOf('/') >= 0
        || id.indexOf('\\') >= 0
        || id.indexOf('\0') >= 0) {
      throw new CorruptDataException(key, "commit id '" + id + "' is not a folder name");
    }
  }

  private static CommitNode node(String id, JsonNode n, String key) {
    if (!n.isObject()) {
      throw new CorruptDataException(key, "commit " + id + " must be an object");
    }
    List<String> children = new ArrayList<>();
    JsonNode c = n.get("children");
    if (c != null && !c.isNull()) {
      if (!c.isArray()) {
        throw new CorruptDataException(key, "commit " + id + ": 'children' must be an array");
      }
      c.forEach(x -> children.add(x.asText()));
    }
    JsonNode branch = n.get("branch");
    if (branch == null || !branch.isTextual()) {
      throw new CorruptDataException(key, "commit " + id + ": missing 'branch'");
    }
    JsonNode time = n.get("commit_time");
    if (time != null && !time.isNull() && !time.isNumber()) {
      throw new CorruptDataException(key, "commit " + id + ": 'commit_time' must be a number");
    }
    return new CommitNode(
        id,
        branch.textValue(),
        text(n.get("parent")),
        children,
        text(n.get("commit_message")),
        time == null || time.isNull() ? null : time.doubleValue(),
        text(n.get("commit_user_name")),
        n.path("is_checkpoint").asBoolean(false),
        n.path("total_samples_processed").asLong(0));
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  /** Rebuilds the tree from {@code commit_info.json} files, or null if there are none. */
  static VersionGraph rebuild(Storage storage) {
    Map<String, CommitNode> all = new LinkedHashMap<>();
    Optional<byte[]> rootInfo = storage.getIfExists(COMMIT_INFO_KEY);
    if (rootInfo.isEmpty()) {
      return null;
    }
    try {
      all.put(
          FIRST_COMMIT_ID,
          node(FIRST_COMMIT_ID, Json.parse(rootInfo.get(), COMMIT_INFO_KEY), COMMIT_INFO_KEY));
      for (String k : storage.list(Layout.VERSIONS_FOLDER)) {
        String[] parts = k.split("/");
        if (parts.length == 3 && parts[2].equals(COMMIT_INFO_KEY)) {
          all.put(parts[1], node(parts[1], Json.parse(storage.get(k), k), k));
        }
      }
      Map<String, String> branches = new LinkedHashMap<>();
      for (CommitNode n : all.values()) {
        if (n.isHead()) {
          branches.put(n.branch(), n.id());
        }
      }
      return reachable(all, branches, COMMIT_INFO_KEY);
    } catch (CorruptDataException e) {
      return null;
    }
  }

  /** {@code version_control_info.json} bytes, written as Python writes them. */
  public byte[] toJsonBytes() {
    com.fasterxml.jackson.databind.node.ObjectNode root =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    com.fasterxml.jackson.databind.node.ObjectNode commits = root.putObject("commits");
    for (CommitNode n : nodes.values()) {
      commits.set(n.id(), toJson(n, false));
    }
    com.fasterxml.jackson.databind.node.ObjectNode br = root.putObject("branches");
    branches.forEach(br::put);
    return org.deeplake4j.engine.internal.format.MetaJson.compact(root);
  }

  /**
   * One node as JSON: {@code version_control_info.json} order (branch, parent, children, ...) or
   * {@code commit_info.json} order (branch, children, parent, ...).
   */
  public static com.fasterxml.jackson.databind.node.ObjectNode toJson(
      CommitNode n, boolean commitInfoOrder) {
    com.fasterxml.jackson.databind.node.ObjectNode o =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    o.put("branch", n.branch());
    if (commitInfoOrder) {
      n.children().forEach(o.putArray("children")::add);
      o.put("parent", n.parent());
    } else {
      o.put("parent", n.parent());
      n.children().forEach(o.putArray("children")::add);
    }
    o.put("commit_message", n.message());
    o.put("commit_time", n.commitTime());
    o.put("commit_user_name", n.userName());
    o.put("is_checkpoint", n.isCheckpoint());
    o.put("total_samples_processed", n.totalSamplesProcessed());
    return o;
  }

  private VersionGraph with(Map<String, CommitNode> n, Map<String, String> b) {
    return new VersionGraph(new LinkedHashMap<>(n), new LinkedHashMap<>(b));
  }

  private static CommitNode withChildren(CommitNode n, List<String> children) {
    return new CommitNode(
        n.id(),
        n.branch(),
        n.parent(),
        children,
        n.message(),
        n.commitTime(),
        n.userName(),
        n.isCheckpoint(),
        n.totalSamplesProcessed());
  }

  /**
   * The graph after committing HEAD {@code head}: it gets the message, time and user, and a new
   * HEAD {@code newHead} on the same branch becomes its child and the branch's head.
   */
  public VersionGraph commit(
      String head, String newHead, String message, double time, String user) {
    CommitNode h = node(head);
    if (!h.isHead()) {
      throw new IllegalArgumentException(head + " is not a HEAD node");
    }
    Map<String, CommitNode> n = new LinkedHashMap<>(nodes);
    List<String> kids = new ArrayList<>(h.children());
    kids.add(newHead);
    n.put(
        head,
        new CommitNode(
            head,
            h.branch(),
            h.parent(),
            kids,
            message,
            time,
            user,
            false,
            h.totalSamplesProcessed()));
    n.put(
        newHead, new CommitNode(newHead, h.branch(), head, List.of(), null, null, null, false, 0));
    Map<String, String> b = new LinkedHashMap<>(branches);
    b.put(h.branch(), newHead);
    return with(n, b);
  }

  /** The graph with a new branch {@code name} whose HEAD {@code newHead} starts at {@code base}. */
  public VersionGraph branch(String base, String newHead, String name) {
    if (branches.containsKey(name)) {
      throw new IllegalArgumentException("branch " + name + " exists");
    }
    CommitNode b0 = node(base);
    Map<String, CommitNode> n = new LinkedHashMap<>(nodes);
    List<String> kids = new ArrayList<>(b0.children());
    kids.add(newHead);
    n.put(base, withChildren(b0, kids));
    n.put(newHead, new CommitNode(newHead, name, base, List.of(), null, null, null, false, 0));
    Map<String, String> b = new LinkedHashMap<>(branches);
    b.put(name, newHead);
    return with(n, b);
  }

  /** The graph with HEAD {@code oldHead} replaced by a fresh HEAD {@code newHead} (reset). */
  public VersionGraph replaceHead(String oldHead, String newHead) {
    CommitNode h = node(oldHead);
    Map<String, CommitNode> n = new LinkedHashMap<>(nodes);
    n.remove(oldHead);
    CommitNode parent = n.get(h.parent());
    List<String> kids = new ArrayList<>(parent.children());
    kids.replaceAll(k -> k.equals(oldHead) ? newHead : k);
    n.put(parent.id(), withChildren(parent, kids));
    n.put(
        newHead,
        new CommitNode(newHead, h.branch(), h.parent(), List.of(), null, null, null, false, 0));
    Map<String, String> b = new LinkedHashMap<>(branches);
    b.put(h.branch(), newHead);
    return with(n, b);
  }

  /** The nodes that belong to branch {@code name}. */
  public List<String> nodesOfBranch(String name) {
    List<String> out = new ArrayList<>();
    for (CommitNode n : nodes.values()) {
      if (n.branch().equals(name)) {
        out.add(n.id());
      }
    }
    return out;
  }

  /** The graph without branch {@code name} and its nodes. */
  public VersionGraph deleteBranch(String name) {
    List<String> doomed = nodesOfBranch(name);
    Map<String, CommitNode> n = new LinkedHashMap<>(nodes);
    doomed.forEach(n::remove);
    for (CommitNode c : List.copyOf(n.values())) {
      if (c.children().stream().anyMatch(doomed::contains)) {
        List<String> kids = new ArrayList<>(c.children());
        kids.removeAll(doomed);
        n.put(c.id(), withChildren(c, kids));
      }
    }
    Map<String, String> b = new LinkedHashMap<>(branches);
    b.remove(name);
    return with(n, b);
  }

  /** The last commit at or before {@code epochSeconds} on the history of node {@code from}. */
  public CommitNode commitAtOrBefore(String from, double epochSeconds) {
    for (CommitNode c : log(from)) {
      if (c.commitTime() <= epochSeconds) {
        return c;
      }
    }
    throw new NotFoundException(
        "no commit at or before " + java.time.Instant.ofEpochMilli((long) (epochSeconds * 1000)));
  }

  /** Every reachable node by id, in depth-first order from the root. */
  public Map<String, CommitNode> nodes() {
    return nodes;
  }

  /** Branch name to HEAD node id. */
  public Map<String, String> branches() {
    return branches;
  }

  /** The node, or a {@link NotFoundException}. */
  public CommitNode node(String id) {
    CommitNode n = nodes.get(id);
    if (n == null) {
      throw new NotFoundException("no commit " + id);
    }
    return n;
  }

  /**
   * Resolves a ref: a branch name gives its HEAD node; otherwise a commit id present in the tree.
   */
  public CommitNode resolve(String ref, String where) {
    String head = branches.get(ref);
    if (head != null) {
      return nodes.get(head);
    }
    CommitNode n = nodes.get(ref);
    if (n != null) {
      return n;
    }
    throw new NotFoundException(
        where
            + ": no branch or commit '"
            + ref
            + "' (branches: "
            + String.join(", ", branches.keySet())
            + ")");
  }

  /** The node and its ancestors up to the root, nearest first. */
  public List<String> chain(String id) {
    List<String> out = new ArrayList<>();
    String cur = id;
    while (cur != null) {
      if (out.contains(cur) || out.size() > nodes.size()) {
        throw new CorruptDataException(VERSION_INFO_KEY, "parent cycle at " + cur);
      }
      out.add(cur);
      cur = node(cur).parent();
    }
    return out;
  }

  /**
   * Commits from {@code id} back to the root, newest first, as Python's {@code ds.log()} lists them
   * (HEAD nodes skipped).
   */
  public List<CommitNode> log(String id) {
    List<CommitNode> out = new ArrayList<>();
    for (String c : chain(id)) {
      CommitNode n = nodes.get(c);
      if (!n.isHead()) {
        out.add(n);
      }
    }
    return out;
  }
}
