package org.deeplake4j.engine.tql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Queries that are TQL but do not fit the dataset: typed errors naming the tensor or function. */
class TqlSemanticErrorsTest {
  private static final Map<String, Dataset> OPEN = new HashMap<>();

  @AfterAll
  static void close() {
    OPEN.values().forEach(Dataset::close);
  }

  private static TqlSemanticException error(String fixture, String tql) {
    Dataset ds = OPEN.computeIfAbsent(fixture, f -> Dataset.open(FixtureRows.of(f).datasetPath()));
    return catchThrowableOfType(() -> ds.query(tql), TqlSemanticException.class);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "numeric_fixed | SELECT * WHERE nope > 1 | nope | unknown tensor 'nope' at line 1, column 16 (tensors: ",
        "groups | SELECT * WHERE stats > 1 | stats | quote names with '/', spaces or keywords",
        "numeric_fixed | SELECT * WHERE foo(scalar_i32) | foo | unknown function foo at line 1, column 16 (functions: CONTAINS, RANDOM",
        "labels_bbox_embedding | SELECT * ORDER BY COSINE_SIMILARITY(emb) | COSINE_SIMILARITY | COSINE_SIMILARITY takes 2 arguments but was given 1 at line 1, column 19: COSINE_SIMILARITY(array, array)",
        "numeric_fixed | SELECT * WHERE RANDOM(1) > 0 | RANDOM | RANDOM takes 0 arguments but was given 1",
        "numeric_fixed | SELECT * WHERE ALL() | ALL | ALL takes 1 argument but was given 0",
        "text_json_list | SELECT * WHERE text > 5 | text | cannot compare tensor 'text' (string) with a numeric value using operator '>' (at line 1, column 16)",
        "numeric_fixed | SELECT * WHERE scalar_i32 == 'a' | scalar_i32 | cannot compare tensor 'scalar_i32' (numeric) with a string value",
        "numeric_fixed | SELECT * WHERE 'a' < scalar_f32 | scalar_f32 | cannot compare a string value with tensor 'scalar_f32' (numeric)",
        "numeric_fixed | SELECT * WHERE scalar_i32 IN ('a') | scalar_i32 | using IN",
        "numeric_fixed | SELECT * WHERE scalar_i32 BETWEEN 'a' AND 2 | scalar_i32 | using BETWEEN",
        "text_json_list | SELECT * WHERE text | text | WHERE needs a number or boolean but tensor 'text' (string) is a string",
        "text_json_list | SELECT * WHERE 'x' | WHERE | WHERE needs a number or boolean but a string value is a string",
        "numeric_fixed | SELECT * WHERE u8 | u8 | WHERE needs one value per row but tensor 'u8' (numeric) has 12 elements (reduce it with ANY(...) or ALL(...))",
        "numeric_fixed | SELECT * WHERE NOT u8 | u8 | NOT needs one value per row",
        "numeric_fixed | SELECT * WHERE scalar_b AND f32 | f32 | AND needs one value per row but tensor 'f32' (numeric) has 12 elements",
        "text_json_list | SELECT * WHERE text + 1 > 0 | text | cannot apply operator '+' to tensor 'text' (string)",
        "text_json_list | SELECT * WHERE -text | text | cannot negate tensor 'text' (string)",
        "text_json_list | SELECT * WHERE text[0] == 'a' | text | cannot subscript tensor 'text' (string)",
        "labels_bbox_embedding | SELECT * WHERE boxes[0, 0, 0] > 1 | boxes | subscript of tensor 'boxes': 3 subscripts on samples of 2 dimensions",
        "numeric_fixed | SELECT * WHERE u8[1, 2, 3] > 0 | u8 | subscript of tensor 'u8': 3 subscripts on samples of 2 dimensions",
        "numeric_fixed | SELECT * WHERE u8['a'] > 0 | u8 | subscript of tensor 'u8': a subscript must be an integer, found a string value",
        "numeric_fixed | SELECT * WHERE u8[0:'a'] > 0 | u8 | slice bounds must be integers",
        "labels_bbox_embedding | SELECT * WHERE labels == 'zebra' | labels | 'zebra' is not a class of tensor 'labels' (class_names: cat, dog, bird, fish, horse)",
        "labels_bbox_embedding | SELECT * WHERE CONTAINS(multi, 'zebra') | multi | 'zebra' is not a class of tensor 'multi'",
        "labels_bbox_embedding | SELECT * ORDER BY COSINE_SIMILARITY(emb, ARRAY[1, 2]) | COSINE_SIMILARITY | COSINE_SIMILARITY of arrays of 8 and 2 elements",
        "text_json_list | SELECT * ORDER BY L2_NORM(text) | text | L2_NORM needs numeric arrays but was given tensor 'text' (string)",
        "text_json_list | SELECT * WHERE ALL(text) | text | ALL needs numeric arrays",
        "text_json_list | SELECT * WHERE CONTAINS(text, 5) | text | CONTAINS cannot look for a numeric value in tensor 'text' (string)",
        "numeric_fixed | SELECT * WHERE CONTAINS(u8, ARRAY[1, 2]) | CONTAINS | CONTAINS looks for one value but was given 2 elements",
        "numeric_fixed | SELECT * ORDER BY u8 | u8 | ORDER BY needs one value per row but tensor 'u8' (numeric) has 12 elements",
        "numeric_fixed | SELECT * WHERE ANY(u8 == ARRAY[1, 'a']) | ARRAY | ARRAY items must be all numbers or all strings",
        "numeric_fixed | SELECT * WHERE ANY(u8 == ARRAY[[1, 2], [3]]) | ARRAY | ARRAY items have different shapes [2] and [1]",
        "numeric_fixed | SELECT * WHERE ARRAY[1, 2] + ARRAY[1, 2, 3] | operator '+' | operator '+' of arrays of 2 and 3 elements",
      })
  void staticErrors(String fixture, String tql, String subject, String message) {
    TqlSemanticException e = error(fixture, tql);
    assertThat(e).as(tql).isNotNull();
    assertThat(e.subject()).as(tql).isEqualTo(subject);
    assertThat(e.getMessage()).as(tql).contains(message);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "labels_bbox_embedding | SELECT * WHERE ANY(emb - ARRAY[1, 2, 3] > 0) | operator '-' | operator '-' of arrays of 8 and 3 elements (at dataset row 0)",
        "labels_bbox_embedding | SELECT * ORDER BY multi | ORDER BY | ORDER BY needs a number or string per row but found an array of 2 elements (at dataset row 0)",
        "text_json_list | SELECT * WHERE records['nested'] | WHERE | WHERE needs a number or boolean but found a JSON object (compare it instead) (at dataset row 0)",
        "text_json_list | SELECT * ORDER BY records | ORDER BY | found a JSON object (at dataset row 0)",
        "text_json_list | SELECT * WHERE records['nested']['a'] > 1 | WHERE | WHERE needs one value per row but found an array of 3 elements",
        "numeric_dynamic | SELECT * WHERE COSINE_SIMILARITY(f32, ARRAY[1, 2]) > 0 | COSINE_SIMILARITY | COSINE_SIMILARITY of arrays of 5 and 2 elements (at dataset row 0)",
        "numeric_dynamic | SELECT * WHERE u8[0, 0, 0:2:0] > 1 | subscript of tensor 'u8' | slice step cannot be zero",
        "text_json_list | SELECT * WHERE records['nested']['a'][1.5] > 1 | subscript | a subscript must be an integer, found a number",
      })
  void dataDependentErrorsNameTheRow(String fixture, String tql, String subject, String message) {
    TqlSemanticException e = error(fixture, tql);
    assertThat(e).as(tql).isNotNull();
    assertThat(e.subject()).as(tql).isEqualTo(subject);
    assertThat(e.getMessage()).as(tql).contains(message);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "numeric_fixed | SELECT * GROUP BY u8 | u8 | GROUP BY needs one value per row but tensor 'u8' (numeric) has 12 elements",
        "numeric_fixed | SELECT SHAPE(u8), COUNT() GROUP BY scalar_b | SHAPE(u8) | with GROUP BY, a select item is a GROUP BY expression, an aggregate (COUNT, SUM, AVG, MIN, MAX) or a tensor (grouped into a sequence); 'SHAPE(u8)' at line 1, column 8 is none of them",
        "text_json_list | SELECT SUM(text) GROUP BY long_text | text | SUM needs numbers but tensor 'text' (string) is a string",
        "numeric_fixed | SELECT SUM() GROUP BY scalar_b | SUM | SUM takes 1 argument but was given 0",
        "numeric_fixed | SELECT COUNT(scalar_b, u8) | COUNT | COUNT takes 0 or 1 arguments but was given 2",
        "numeric_fixed | SELECT AVG(u8) GROUP BY scalar_b | u8 | AVG needs one number per row but tensor 'u8' (numeric) has 12 elements",
        "numeric_fixed | SELECT * WHERE COUNT() > 1 | COUNT | aggregate COUNT at line 1, column 16 can only be a whole item of the select list",
        "numeric_fixed | SELECT COUNT() + 1 | COUNT | aggregate COUNT at line 1, column 8 can only be a whole item",
        "numeric_fixed | SELECT scalar_b, COUNT() GROUP BY scalar_b ORDER BY scalar_f32 | ORDER BY | with GROUP BY, ORDER BY names a column of the select list or a GROUP BY expression; 'scalar_f32' at line 1, column 53 is neither",
        "numeric_fixed | SELECT * GROUP BY scalar_b ORDER BY u8 | ORDER BY | 'u8' at line 1, column 37 is neither",
        "numeric_fixed | SELECT * GROUP BY scalar_b SAMPLE BY 1 | SAMPLE BY | SAMPLE BY cannot be combined with GROUP BY or aggregates",
        "numeric_fixed | SELECT COUNT() SAMPLE BY 1 | SAMPLE BY | SAMPLE BY cannot be combined with GROUP BY or aggregates",
        "numeric_fixed | SELECT * GROUP BY scalar_b UNGROUP BY u8 | UNGROUP BY | UNGROUP BY cannot be combined with GROUP BY",
        "numeric_fixed | SELECT * UNGROUP BY u8 + 1 | UNGROUP BY | UNGROUP BY names tensors but found 'u8 + 1' at line 1, column 21",
        "numeric_fixed | SELECT * UNGROUP BY nope | nope | unknown tensor 'nope' at line 1, column 21",
        "numeric_fixed | SELECT * UNGROUP BY u8 SAMPLE BY 1 | SAMPLE BY | SAMPLE BY cannot be combined with UNGROUP BY",
        "text_json_list | SELECT * SAMPLE BY text | text | SAMPLE BY needs numbers but tensor 'text' (string) is a string",
        "numeric_fixed | SELECT * SAMPLE BY u8 | u8 | SAMPLE BY needs one number per row but tensor 'u8' (numeric) has 12 elements",
        "text_json_list | SELECT * SAMPLE BY MAX_WEIGHT(text: 1) | text | SAMPLE BY needs a number or boolean but tensor 'text' (string) is a string",
        "numeric_fixed | SELECT * SAMPLE BY SUM_WEIGHT(scalar_b: 'x') | SAMPLE BY | SAMPLE BY needs numbers but a string value is a string",
        "numeric_fixed | SELECT * SAMPLE BY nope | nope | unknown tensor 'nope'",
        "numeric_fixed | SELECT scalar_b, scalar_u8 AS scalar_b | scalar_b | two columns of the select list are named 'scalar_b' (rename one with AS)",
        "numeric_fixed | SELECT nope AS x | nope | unknown tensor 'nope' at line 1, column 8",
        "numeric_fixed | (SELECT scalar_b) UNION (SELECT *) | UNION | UNION, INTERSECT and EXCEPT combine row selections",
        "numeric_fixed | (SELECT *) EXCEPT (SELECT * GROUP BY scalar_b) | EXCEPT | UNION, INTERSECT and EXCEPT combine row selections",
      })
  void part2StaticErrors(String fixture, String tql, String subject, String message) {
    TqlSemanticException e = error(fixture, tql);
    assertThat(e).as(tql).isNotNull();
    assertThat(e.subject()).as(tql).isEqualTo(subject);
    assertThat(e.getMessage()).as(tql).contains(message);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text_json_list | SELECT * GROUP BY records | GROUP BY | GROUP BY needs one number or string per row but found a JSON object (at dataset row 0)",
        "numeric_fixed | SELECT * SAMPLE BY scalar_u8 - 300 | SAMPLE BY | SAMPLE BY weights must be finite and non-negative but a weight is -89.0 (at dataset row 0)",
        "numeric_fixed | SELECT * SAMPLE BY 1 / (scalar_u8 - 211) | SAMPLE BY | SAMPLE BY weights must be finite and non-negative but a weight is Infinity (at dataset row 0)",
        "text_json_list | SELECT SUM(records['name']) | SUM | SUM needs one number per row but found",
      })
  void part2DataDependentErrorsNameTheRow(
      String fixture, String tql, String subject, String message) {
    TqlSemanticException e = error(fixture, tql);
    assertThat(e).as(tql).isNotNull();
    assertThat(e.subject()).as(tql).isEqualTo(subject);
    assertThat(e.getMessage()).as(tql).contains(message);
  }
}
