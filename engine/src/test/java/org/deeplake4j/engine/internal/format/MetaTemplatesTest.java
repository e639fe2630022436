package org.deeplake4j.engine.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.testing.JsonCompare;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The metadata the Java writer creates for every htype equals, key for key, what Python deeplake
 * 3.9.52 wrote in the same situation (htype-templates.json, captured from the real library by
 * engine/src/test/python/capture_htype_templates.py): tensor_meta.json, tensor_info.json,
 * dataset_meta.json, the companion tensors and the files each tensor starts with.
 */
class MetaTemplatesTest {
  private static JsonNode templates() throws IOException {
    try (InputStream in =
        MetaTemplatesTest.class.getResourceAsStream(
            "/org/deeplake4j/engine/format/htype-templates.json")) {
      return Json.MAPPER.readTree(in);
    }
  }

  private static TensorSpec spec(JsonNode args) {
    TensorSpec s =
        TensorSpec.of(args.path("htype").isMissingNode() ? null : args.get("htype").asText());
    if (args.hasNonNull("dtype")) {
      s = s.withDtype(args.get("dtype").asText());
    }
    if (args.hasNonNull("sample_compression")) {
      s = s.withSampleCompression(args.get("sample_compression").asText());
    }
    if (args.hasNonNull("chunk_compression")) {
      s = s.withChunkCompression(args.get("chunk_compression").asText());
    }
    if (args.has("class_names")) {
      List<String> names = new ArrayList<>();
      args.get("class_names").forEach(n -> names.add(n.asText()));
      s = s.withClassNames(names);
    }
    if (args.path("hidden").asBoolean(false)) {
      s = s.withHidden(true);
    }
    if (args.has("verify")) {
      s = s.withVerify(args.get("verify").asBoolean());
    }
    if (args.has("create_id_tensor")) {
      s = s.withoutCompanions();
    }
    Map<String, Object> info = new LinkedHashMap<>();
    for (String k : List.of("coords", "keypoints", "connections")) {
      if (args.has(k)) {
        info.put(k, Json.MAPPER.convertValue(args.get(k), Object.class));
      }
    }
    if (!info.isEmpty()) {
      s = s.withInfo(info);
    }
    return s;
  }

  @TestFactory
  List<DynamicTest> createdTensorsMatchPython() throws IOException {
    JsonNode t = templates();
    JsonNode companions = t.get("companion_templates");
    List<DynamicTest> tests = new ArrayList<>();
    t.get("cases")
        .properties()
        .forEach(
            e -> {
              JsonNode c = e.getValue();
              if (!c.has("created")) {
                return;
              }
              tests.add(
                  DynamicTest.dynamicTest(
                      e.getKey(),
                      () -> {
                        String name = c.path("tensor_name").asText("t");
                        MemoryStorage storage = new MemoryStorage(e.getKey());
                        try (Dataset ds = Dataset.create(storage, false)) {
                          ds.createTensor(name, spec(c.get("create_tensor")));
                          ds.flush();
                        }
                        JsonNode created = c.get("created");
                        List<String> diffs = new ArrayList<>();
                        JsonNode dm =
                            Json.parse(storage.get("dataset_meta.json"), "dataset_meta.json");
                        diffs.addAll(
                            prefixed(
                                "dataset_meta", JsonCompare.diff(created.get("dataset_meta"), dm)));
                        created
                            .get("tensors")
                            .properties()
                            .forEach(
                                te -> {
                                  String key = te.getKey();
                                  JsonNode exp = te.getValue();
                                  if (exp.has("same_as_companion_template")) {
                                    exp =
                                        ((ObjectNode)
                                                companions.get(
                                                    exp.get("same_as_companion_template").asText()))
                                            .deepCopy();
                                    ((ObjectNode) exp.get("tensor_meta")).put("name", key);
                                  }
                                  JsonNode tm =
                                      Json.parse(storage.get(key + "/tensor_meta.json"), key);
                                  diffs.addAll(
                                      prefixed(
                                          key + " tensor_meta",
                                          JsonCompare.diff(exp.get("tensor_meta"), tm)));
                                  if (exp.has("tensor_info")) {
                                    JsonNode ti =
                                        Json.parse(storage.get(key + "/tensor_info.json"), key);
                                    diffs.addAll(
                                        prefixed(
                                            key + " tensor_info",
                                            JsonCompare.diff(exp.get("tensor_info"), ti)));
                                  }
                                  TreeSet<String> files = new TreeSet<>();
                                  for (String f : storage.list(key + "/")) {
                                    String rest = f.substring(key.length() + 1);
                                    if (!rest.contains("/")) {
                                      files.add(rest);
                                    }
                                  }
                                  TreeSet<String> expFiles = new TreeSet<>();
                                  exp.get("files").forEach(f -> expFiles.add(f.asText()));
                                  if (!files.equals(expFiles)) {
                                    diffs.add(
                                        key + " files: expected " + expFiles + " but was " + files);
                                  }
                                });
                        assertThat(diffs).as(e.getKey()).isEmpty();
                      }));
            });
    return tests;
  }

  private static List<String> prefixed(String p, List<String> diffs) {
    List<String> out = new ArrayList<>();
    diffs.forEach(d -> out.add(p + " " + d));
    return out;
  }
}
