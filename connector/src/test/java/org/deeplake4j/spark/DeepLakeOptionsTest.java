package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.junit.jupiter.api.Test;

class DeepLakeOptionsTest {
  @Test
  void readerKeysAreCaseInsensitiveAndTheRestGoesToStorage() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("path", "s3://bucket/ds");
    m.put("INCLUDEHIDDEN", "True");
    m.put("Tensors", " a , g/b,a ");
    m.put("partitionBytes", "64m");
    m.put("batchSize", "100");
    m.put("classLabels", "NAME");
    m.put("fs.s3a.access.key", "SECRET-VALUE");
    DeepLakeOptions o = DeepLakeOptions.parse(null, m);
    assertThat(o.path()).isEqualTo("s3://bucket/ds");
    assertThat(o.ref()).isNull();
    assertThat(o.includeHidden()).isTrue();
    assertThat(o.tensors()).containsExactly("a", "g/b");
    assertThat(o.partitionBytes()).isEqualTo(64L << 20);
    assertThat(o.batchSize()).isEqualTo(100);
    assertThat(o.classLabels()).isEqualTo(DeepLakeOptions.ClassLabels.NAME);
    assertThat(o.storageOptions()).containsExactly(Map.entry("fs.s3a.access.key", "SECRET-VALUE"));
    assertThat(o.toString()).contains("fs.s3a.access.key").doesNotContain("SECRET-VALUE");
  }

  @Test
  void refsComeFromTheOptionsOrThePath() {
    assertThat(DeepLakeOptions.parse("/d/ds@alt", Map.of()).ref()).isEqualTo("alt");
    assertThat(DeepLakeOptions.parse("/d/ds@alt", Map.of()).path()).isEqualTo("/d/ds");
    assertThat(DeepLakeOptions.parse("/d/ds", Map.of("versionAsOf", "abc")).ref()).isEqualTo("abc");
    assertThat(DeepLakeOptions.parse("/d/ds@abc", Map.of("ref", "abc")).ref()).isEqualTo("abc");
    assertThat(DeepLakeOptions.parse("abfs://c@acct.dfs.core.windows.net/ds", Map.of()).ref())
        .isNull();
    assertThat(DeepLakeOptions.parse("rel/ds", Map.of()).path())
        .startsWith("/")
        .endsWith("/rel/ds");
    assertThat(DeepLakeOptions.parse(null, Map.of("paths", "[\"/x/y\"]")).path()).isEqualTo("/x/y");
    assertThatThrownBy(() -> DeepLakeOptions.parse("/d/ds@a", Map.of("ref", "b")))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'a' and 'b'");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> DeepLakeOptions.parse("/d", Map.of("padTensors", "1")))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'padTensors'");
    assertThatThrownBy(() -> DeepLakeOptions.parse("/d", Map.of("batchSize", "0")))
        .hasMessageContaining("positive integer");
    assertThatThrownBy(() -> DeepLakeOptions.parse("/d", Map.of("partitionBytes", "lots")))
        .hasMessageContaining("128m");
    assertThatThrownBy(() -> DeepLakeOptions.parse("/d", Map.of("classLabels", "ids")))
        .hasMessageContaining("index or name");
    assertThatThrownBy(() -> DeepLakeOptions.parse("/d", Map.of("tensors", " , ")))
        .hasMessageContaining("comma-separated");
    assertThatThrownBy(() -> DeepLakeOptions.parse(null, Map.of("paths", "[\"/a\",\"/b\"]")))
        .hasMessageContaining("exactly one dataset path");
  }

  @Test
  void typeOptionsAndQuery() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("DECODEIMAGES", "TRUE");
    m.put("decodeLinks", " lnk , g/other,lnk");
    m.put("jsonasvariant", "true");
    m.put("shapeColumns", "false");
    m.put("labelColumns", "labels");
    m.put("query", "labels == 2");
    DeepLakeOptions o = DeepLakeOptions.parse("/d", m);
    assertThat(o.decodeImages().all()).isTrue();
    assertThat(o.decodeImages().includes("anything")).isTrue();
    assertThat(o.decodeImages().names("anything")).isFalse();
    assertThat(o.decodeLinks().names()).containsExactly("lnk", "g/other");
    assertThat(o.decodeLinks().includes("lnk")).isTrue();
    assertThat(o.decodeLinks().includes("x")).isFalse();
    assertThat(o.jsonAsVariant()).isTrue();
    assertThat(o.shapeColumns()).isEqualTo(DeepLakeOptions.Selection.NONE);
    assertThat(o.labelColumns().names()).containsExactly("labels");
    assertThat(o.query()).isEqualTo("SELECT * WHERE labels == 2");
    assertThat(o.storageOptions()).isEmpty();
    assertThat(o.withRef("alt"))
        .isEqualTo(
            new DeepLakeOptions(
                o.path(),
                "alt",
                o.tensors(),
                o.includeHidden(),
                o.padTensors(),
                o.classLabels(),
                o.decodeImages(),
                o.decodeLinks(),
                o.jsonAsVariant(),
                o.shapeColumns(),
                o.labelColumns(),
                o.query(),
                o.partitionBytes(),
                o.batchSize(),
                o.storageOptions()));
    assertThat(o.toString()).contains("decodeImages=true").contains("decodeLinks=lnk,g/other");
    assertThat(
            DeepLakeOptions.parse("/d", Map.of("query", " select * where x > 1 limit 3 ")).query())
        .isEqualTo("select * where x > 1 limit 3");
    assertThat(DeepLakeOptions.parse("/d", Map.of()).query()).isNull();
    assertThat(DeepLakeOptions.SCHEMA_KEYS)
        .contains("decodeimages", "decodelinks", "jsonasvariant", "shapecolumns", "labelcolumns")
        .doesNotContain("query");
  }

  @Test
  void badTypeOptionsAndQueries() {
    assertThatThrownBy(() -> DeepLakeOptions.parse("/d", Map.of("jsonAsVariant", "yes")))
        .hasMessageContaining("'jsonAsVariant'")
        .hasMessageContaining("true or false");
    assertThatThrownBy(() -> DeepLakeOptions.parse("/d", Map.of("shapeColumns", " ,, ")))
        .hasMessageContaining("'shapeColumns'")
        .hasMessageContaining("comma-separated list of tensors");
    assertThatThrownBy(() -> DeepLakeOptions.parse("/d", Map.of("query", "  ")))
        .hasMessageContaining("'query'");
    AnalysisException e =
        (AnalysisException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> DeepLakeOptions.parse("/d", Map.of("query", "SELECT * WHERE (x > ")));
    assertThat(e.getCondition()).isEqualTo("DEEPLAKE_INVALID_QUERY");
    assertThat(e.getMessage()).contains("SELECT * WHERE (x > ").contains("docs/tql.md");
  }
}
