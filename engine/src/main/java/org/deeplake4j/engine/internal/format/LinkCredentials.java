package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageResolver;

/**
 * Link credentials of one dataset: the named keys of {@code linked_creds.json} (which link samples
 * refer to by index in their creds encoder; secrets are never stored, only names), and reading the
 * files links point at. Used by readers (a link item's key and bytes) and writers (a new link's key
 * index, {@code ds.add_creds_key}). Thread-safe.
 */
public final class LinkCredentials {
  private final Storage storage;
  private final StorageResolver resolver;
  private final Map<String, String> storageOptions;
  private List<String> credsKeys;

  /**
   * Credentials of the dataset in {@code storage}; other storages (links by URL) are resolved with
   * {@code resolver} and {@code storageOptions}.
   */
  public LinkCredentials(
      Storage storage, StorageResolver resolver, Map<String, String> storageOptions) {
    this.storage = storage;
    this.resolver = resolver;
    this.storageOptions = storageOptions;
  }

  /**
   * Adds a named credentials key that link samples can use ({@code Samples.link(path, key)}), as
   * Python's {@code ds.add_creds_key(key)}. Secrets are never stored: only the name, in
   * linked_creds.json.
   */
  public synchronized void addCredsKey(String key) {
    ObjectNode doc = linkedCreds();
    for (JsonNode k : doc.get("creds_keys")) {
      if (k.asText().equals(key)) {
        throw new DeepLakeException("creds key '" + key + "' already exists");
      }
    }
    ((ArrayNode) doc.get("creds_keys")).add(key);
    storage.put(Layout.LINKED_CREDS, org.deeplake4j.engine.internal.format.MetaJson.compact(doc));
    credsKeys = null;
  }

  private ObjectNode linkedCreds() {
    ObjectNode doc =
        storage
            .getIfExists(Layout.LINKED_CREDS)
            .map(b -> (ObjectNode) Json.parse(b, "linked_creds.json"))
            .orElse(JsonNodeFactory.instance.objectNode());
    for (String f : List.of("creds_keys", "managed_creds_keys", "used_creds_keys")) {
      if (!doc.has(f)) {
        doc.putArray(f);
      }
    }
    return doc;
  }

  public synchronized void markCredsUsed(String key) {
    ObjectNode doc = linkedCreds();
    for (JsonNode k : doc.get("used_creds_keys")) {
      if (k.asText().equals(key)) {
        return;
      }
    }
    ((ArrayNode) doc.get("used_creds_keys")).add(key);
    storage.put(Layout.LINKED_CREDS, org.deeplake4j.engine.internal.format.MetaJson.compact(doc));
  }

  public long credsIndexFor(String credsKey) {
    List<String> keys = credsKeys();
    int i = keys.indexOf(credsKey);
    if (i < 0) {
      throw new DeepLakeException(
          "unknown creds key '"
              + credsKey
              + "': add it to the dataset first (linked_creds.json has "
              + keys
              + ")");
    }
    return i + 1;
  }

  public String credsKey(long index) {
    List<String> keys = credsKeys();
    if (index < 1 || index > keys.size()) {
      throw new CorruptDataException(
          "linked_creds.json", "creds index " + index + " but only " + keys.size() + " keys");
    }
    return keys.get((int) index - 1);
  }

  private synchronized List<String> credsKeys() {
    if (credsKeys == null) {
      List<String> keys = new ArrayList<>();
      storage
          .getIfExists(Layout.LINKED_CREDS)
          .ifPresent(
              b -> {
                JsonNode n = Json.parse(b, "linked_creds.json");
                n.path("creds_keys").forEach(k -> keys.add(k.asText()));
                boolean envUsed = false;
                for (JsonNode u : n.path("used_creds_keys")) {
                  envUsed |= "ENV".equals(u.asText());
                }
                if (envUsed && !keys.contains("ENV")) {
                  keys.add(0, "ENV");
                }
              });
      credsKeys = keys;
    }
    return credsKeys;
  }

  /**
   * Reads the file a link points at. Local absolute paths and {@code file://} URLs are read
   * directly; relative paths are resolved against a local dataset's folder; other schemes go
   * through the storage resolver with this dataset's storage options.
   */
  public byte[] readLink(String link, Optional<String> credsKey) {
    String scheme = StorageResolver.schemeOf(link);
    try {
      if (scheme.isEmpty() || scheme.equals("file")) {
        Path p = scheme.isEmpty() ? Path.of(link) : Path.of(java.net.URI.create(link));
        if (!p.isAbsolute()) {
          Optional<Path> root = storage.localRoot();
          if (root.isEmpty()) {
            throw new DeepLakeException(
                "relative link '" + link + "' needs a local dataset to resolve against");
          }
          p = root.get().resolve(p).normalize();
        }
        return Files.readAllBytes(p);
      }
      int slash = link.lastIndexOf('/');
      String parent = link.substring(0, slash);
      try (Storage s = resolver.resolve(parent, storageOptions, true)) {
        return s.get(link.substring(slash + 1));
      }
    } catch (NoSuchFileException e) {
      throw new NotFoundException("linked file not found: " + link);
    } catch (IOException e) {
      throw new DeepLakeException("cannot read linked file " + link + ": " + e.getMessage(), e);
    }
  }
}
