package org.deeplake4j.engine.tql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.deeplake4j.engine.Dataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TQL over the reference fixtures written by Python deeplake 3.9.52: every grammar rule and
 * function, with the expected rows computed here in plain Java from the sample values in the
 * fixtures' expected.json (never from the engine).
 */
class TqlConformanceTest {
  private static final Map<String, Dataset> OPEN = new HashMap<>();
  private static final Map<String, FixtureRows> ROWS = new HashMap<>();

  private static FixtureRows rows(String fixture) {
    return ROWS.computeIfAbsent(fixture, FixtureRows::of);
  }

  private static Dataset ds(String fixture) {
    return OPEN.computeIfAbsent(fixture, f -> Dataset.open(rows(f).datasetPath()));
  }

  @AfterAll
  static void close() {
    OPEN.values().forEach(Dataset::close);
    OPEN.clear();
  }

  private static long[] query(String fixture, String tql) {
    return ds(fixture).query(tql).indices();
  }

  private static void check(String fixture, String tql, long[] expected) {
    assertThat(query(fixture, tql)).as("%s on %s", tql, fixture).containsExactly(expected);
  }

  private static long[] all(int n) {
    return IntStream.range(0, n).asLongStream().toArray();
  }

  private static long[] head(long[] a, int n) {
    return Arrays.copyOf(a, Math.min(n, a.length));
  }

  private static long[] slice(long[] a, int from, int to) {
    return Arrays.copyOfRange(a, Math.min(from, a.length), Math.min(to, a.length));
  }

  private static Comparator<Integer> by(IntToDoubleFunction f) {
    return Comparator.comparingDouble(f::applyAsDouble);
  }

  // ------------------------------------------------------------------ SELECT clauses

  @Test
  void selectStarWithoutClausesReturnsEveryRowInOrder() {
    for (String f : List.of("numeric_fixed", "text_json_list", "groups", "many_chunks")) {
      check(f, "SELECT *", all(rows(f).length));
    }
  }

  @Test
  void fromIsAcceptedAndIgnored() {
    FixtureRows r = rows("numeric_fixed");
    long[] exp = r.where(i -> r.num("scalar_i32", i) > 0);
    check("numeric_fixed", "SELECT * FROM numeric_fixed WHERE scalar_i32 > 0", exp);
    check("numeric_fixed", "SELECT * FROM \"some/where else\" WHERE scalar_i32 > 0", exp);
    check("numeric_fixed", "SELECT * FROM 'hub://org/ds' WHERE scalar_i32 > 0", exp);
  }

  @Test
  void keywordsAreCaseInsensitiveAndWhitespaceIsFree() {
    FixtureRows r = rows("numeric_fixed");
    long[] exp =
        slice(
            r.whereOrderBy(i -> r.num("scalar_u8", i) > 50, by(i -> -r.num("scalar_f64", i))),
            1,
            4);
    check(
        "numeric_fixed",
        "select * where scalar_u8 > 50 order by scalar_f64 desc limit 3 offset 1",
        exp);
    check(
        "numeric_fixed",
        "SeLeCt\t*\n  WhErE scalar_u8>50\r\n OrDeR   bY scalar_f64 DeSc LiMiT 3 OfFsEt 1 -- comment",
        exp);
  }

  @Test
  void limitOffsetWithoutOrderBy() {
    FixtureRows r = rows("numeric_fixed");
    long[] pos = r.where(i -> r.num("scalar_f32", i) > 0);
    check("numeric_fixed", "SELECT * WHERE scalar_f32 > 0 LIMIT 4", head(pos, 4));
    check("numeric_fixed", "SELECT * WHERE scalar_f32 > 0 LIMIT 4 OFFSET 3", slice(pos, 3, 7));
    check("numeric_fixed", "SELECT * WHERE scalar_f32 > 0 OFFSET 3", slice(pos, 3, pos.length));
    check("numeric_fixed", "SELECT * WHERE scalar_f32 > 0 LIMIT 0", new long[0]);
    check("numeric_fixed", "SELECT * WHERE scalar_f32 > 0 LIMIT 5 OFFSET 1000", new long[0]);
    check("numeric_fixed", "SELECT * LIMIT 2 OFFSET 5", new long[] {5, 6});
    check("numeric_fixed", "SELECT * LIMIT 100", all(r.length));
  }

  @Test
  void limitBeforeOrderByAsTheDeepLake3DocsWriteIt() {
    FixtureRows r = rows("numeric_fixed");
    long[] exp = head(r.orderBy(by(i -> r.num("scalar_f32", i))), 5);
    check("numeric_fixed", "SELECT * LIMIT 5 ORDER BY scalar_f32", exp);
    check("numeric_fixed", "SELECT * ORDER BY scalar_f32 ASC LIMIT 5", exp);
  }

  // ------------------------------------------------------------------ comparisons on scalars

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "scalar_i32, ==", "scalar_i32, =", "scalar_i32, !=", "scalar_i32, <>", "scalar_i32, <",
    "scalar_i32, <=", "scalar_i32, >", "scalar_i32, >=", "scalar_i64, ==", "scalar_i64, <",
    "scalar_i64, >=", "scalar_f32, ==", "scalar_f32, <", "scalar_f32, >", "scalar_f64, <=",
    "scalar_f64, !=", "scalar_u8, >", "scalar_u8, ==", "scalar_b, ==", "scalar_b, !="
  })
  void comparisonOperatorsOnEveryScalarDtype(String tensor, String op) {
    FixtureRows r = rows("numeric_fixed");
    // Compare with the value of row 7 so that == matches at least one row.
    JsonNode pivotNode = r.value(tensor, 7).get(0);
    String literal =
        pivotNode.isBoolean()
            ? (pivotNode.booleanValue() ? "TRUE" : "FALSE")
            : pivotNode.isIntegralNumber()
                ? Long.toString(pivotNode.longValue())
                : Double.toString(pivotNode.doubleValue());
    boolean integral = pivotNode.isIntegralNumber() || pivotNode.isBoolean();
    long pl = r.lng(tensor, 7);
    double pd = r.num(tensor, 7);
    IntPredicate p =
        i -> {
          int c =
              integral ? Long.compare(r.lng(tensor, i), pl) : Double.compare(r.num(tensor, i), pd);
          return switch (op) {
            case "==", "=" -> c == 0;
            case "!=", "<>" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
          };
        };
    long[] exp = r.where(p);
    check("numeric_fixed", "SELECT * WHERE " + tensor + " " + op + " " + literal, exp);
    // The same comparison with the operands swapped and mirrored.
    String mirrored =
        switch (op) {
          case "<" -> ">";
          case "<=" -> ">=";
          case ">" -> "<";
          case ">=" -> "<=";
          default -> op;
        };
    check("numeric_fixed", "SELECT * WHERE " + literal + " " + mirrored + " " + tensor, exp);
  }

  @Test
  void int64ComparisonsAreExactBeyondTwoToThe53() {
    FixtureRows r = rows("numeric_fixed");
    long v = r.lng("scalar_i64", 3);
    assertThat(Math.abs(v)).isGreaterThan(1L << 53);
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_i64 == " + v,
        r.where(i -> r.lng("scalar_i64", i) == v));
    check("numeric_fixed", "SELECT * WHERE scalar_i64 == " + (v + 1), new long[0]);
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_i64 > " + (v - 1) + " AND scalar_i64 < " + (v + 1),
        new long[] {3});
  }

  @Test
  void booleansAndTruthiness() {
    FixtureRows r = rows("numeric_fixed");
    long[] t = r.where(i -> r.lng("scalar_b", i) == 1);
    check("numeric_fixed", "SELECT * WHERE scalar_b", t);
    check("numeric_fixed", "SELECT * WHERE scalar_b == TRUE", t);
    check("numeric_fixed", "SELECT * WHERE scalar_b = true", t);
    check("numeric_fixed", "SELECT * WHERE NOT scalar_b", r.where(i -> r.lng("scalar_b", i) == 0));
    // Numbers are true when non-zero.
    check("numeric_fixed", "SELECT * WHERE scalar_u8", r.where(i -> r.lng("scalar_u8", i) != 0));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_u8 % 3",
        r.where(i -> r.lng("scalar_u8", i) % 3 != 0));
    check("numeric_fixed", "SELECT * WHERE 1", all(r.length));
    check("numeric_fixed", "SELECT * WHERE 0.0", new long[0]);
    check("numeric_fixed", "SELECT * WHERE FALSE OR TRUE", all(r.length));
  }

  // ------------------------------------------------------------------ logic

  @Test
  void andOrNotWithPrecedenceAndParentheses() {
    FixtureRows r = rows("numeric_fixed");
    IntPredicate a = i -> r.num("scalar_i32", i) > 0;
    IntPredicate b = i -> r.num("scalar_f32", i) < 0;
    IntPredicate c = i -> r.lng("scalar_b", i) == 1;
    // NOT binds tighter than AND, AND tighter than OR.
    check(
        "numeric_fixed",
        "SELECT * WHERE NOT scalar_i32 > 0 OR scalar_f32 < 0 AND scalar_b",
        r.where(i -> !a.test(i) || (b.test(i) && c.test(i))));
    check(
        "numeric_fixed",
        "SELECT * WHERE (NOT scalar_i32 > 0 OR scalar_f32 < 0) AND scalar_b",
        r.where(i -> (!a.test(i) || b.test(i)) && c.test(i)));
    check(
        "numeric_fixed",
        "SELECT * WHERE NOT (scalar_i32 > 0 AND (scalar_f32 < 0 OR NOT scalar_b))",
        r.where(i -> !(a.test(i) && (b.test(i) || !c.test(i)))));
  }

  @Test
  void betweenAndIn() {
    FixtureRows r = rows("numeric_fixed");
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_u8 BETWEEN 50 AND 150",
        r.where(i -> r.lng("scalar_u8", i) >= 50 && r.lng("scalar_u8", i) <= 150));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_u8 NOT BETWEEN 50 AND 150 AND scalar_b",
        r.where(
            i ->
                !(r.lng("scalar_u8", i) >= 50 && r.lng("scalar_u8", i) <= 150)
                    && r.lng("scalar_b", i) == 1));
    long u0 = r.lng("scalar_u8", 0);
    long u5 = r.lng("scalar_u8", 5);
    Set<Long> set = Set.of(u0, u5, 1000L);
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_u8 IN ARRAY[" + u0 + ", " + u5 + ", 1000]",
        r.where(i -> set.contains(r.lng("scalar_u8", i))));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_u8 NOT IN (" + u0 + ", " + u5 + ", 1000)",
        r.where(i -> !set.contains(r.lng("scalar_u8", i))));
    check("numeric_fixed", "SELECT * WHERE scalar_u8 IN ARRAY[]", new long[0]);
    double f = r.num("scalar_f64", 2);
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_f64 BETWEEN " + (f - 1) + " AND " + f,
        r.where(i -> r.num("scalar_f64", i) >= f - 1 && r.num("scalar_f64", i) <= f));
  }

  // ------------------------------------------------------------------ literals and arithmetic

  @Test
  void numericLiteralsInEveryForm() {
    FixtureRows r = rows("numeric_fixed");
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_f32 > 1.5e2",
        r.where(i -> r.num("scalar_f32", i) > 150));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_f32 > .5",
        r.where(i -> r.num("scalar_f32", i) > 0.5));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_f32 > -1E+3",
        r.where(i -> r.num("scalar_f32", i) > -1000));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_f32 < -  -12",
        r.where(i -> r.num("scalar_f32", i) < 12));
    check("numeric_fixed", "SELECT * WHERE scalar_i64 < 99999999999999999999", all(r.length));
  }

  @Test
  void arithmeticFollowsNumpyInt64AndFloatRules() {
    FixtureRows r = rows("numeric_fixed");
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_i32 % 7 == 3",
        r.where(i -> Math.floorMod(r.lng("scalar_i32", i), 7L) == 3));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_i32 % -7 == -3",
        r.where(i -> Math.floorMod(r.lng("scalar_i32", i), -7L) == -3));
    check(
        "numeric_fixed",
        "SELECT * WHERE (scalar_u8 + 1) * 2 - 3 > 300",
        r.where(i -> (r.lng("scalar_u8", i) + 1) * 2 - 3 > 300));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_u8 / 2 == 52.5",
        r.where(i -> r.lng("scalar_u8", i) / 2.0 == 52.5));
    check(
        "numeric_fixed",
        "SELECT * WHERE -scalar_i32 > 0",
        r.where(i -> -r.lng("scalar_i32", i) > 0));
    // int64 wraps around as numpy's does.
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_i64 * 4 > 0",
        r.where(i -> r.lng("scalar_i64", i) * 4 > 0));
    // Division is floating point: x / 0 is +-inf (NaN for 0), integer x % 0 is 0.
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_i32 / 0 > 1e308",
        r.where(i -> r.lng("scalar_i32", i) > 0));
    check("numeric_fixed", "SELECT * WHERE scalar_i32 % 0 == 0", all(r.length));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_f64 % 1000.5 < 500",
        r.where(
            i -> {
              double x = r.num("scalar_f64", i);
              double m = x - Math.floor(x / 1000.5) * 1000.5;
              return m < 500;
            }));
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_f32 * 2 + scalar_f64 / 4 > scalar_i32 % 1000",
        r.where(
            i ->
                r.num("scalar_f32", i) * 2 + r.num("scalar_f64", i) / 4
                    > Math.floorMod(r.lng("scalar_i32", i), 1000L)));
  }

  // ------------------------------------------------------------------ subscripts and slices

  @Test
  void subscriptsOnMultidimensionalTensors() {
    FixtureRows r = rows("numeric_fixed");
    // u8 samples are 3x4.
    check(
        "numeric_fixed",
        "SELECT * WHERE u8[1, 2] > 100",
        r.where(i -> r.value("u8", i).get(1).get(2).asLong() > 100));
    check(
        "numeric_fixed",
        "SELECT * WHERE u8[1][2] > 100",
        r.where(i -> r.value("u8", i).get(1).get(2).asLong() > 100));
    check(
        "numeric_fixed",
        "SELECT * WHERE u8[-1, -1] < 50",
        r.where(i -> r.value("u8", i).get(2).get(3).asLong() < 50));
    check(
        "numeric_fixed",
        "SELECT * WHERE ANY(u8[0] > 240)",
        r.where(i -> anyOf(r.value("u8", i).get(0), v -> v > 240)));
    check(
        "numeric_fixed",
        "SELECT * WHERE ALL(u8[:, 3] > 30)",
        r.where(
            i ->
                IntStream.range(0, 3).allMatch(k -> r.value("u8", i).get(k).get(3).asLong() > 30)));
    check(
        "numeric_fixed",
        "SELECT * WHERE ALL(u8[1:3, 1:] > 20)",
        r.where(
            i ->
                IntStream.range(1, 3)
                    .allMatch(
                        k ->
                            IntStream.range(1, 4)
                                .allMatch(c -> r.value("u8", i).get(k).get(c).asLong() > 20))));
    check(
        "numeric_fixed",
        "SELECT * WHERE ANY(u8[0, ::2] > 200)",
        r.where(
            i ->
                r.value("u8", i).get(0).get(0).asLong() > 200
                    || r.value("u8", i).get(0).get(2).asLong() > 200));
    check("numeric_fixed", "SELECT * WHERE u8[2, ::-1][0] == u8[2, 3]", all(r.length));
    check(
        "numeric_fixed",
        "SELECT * WHERE u8[0, 1:3][1] > 128",
        r.where(i -> r.value("u8", i).get(0).get(2).asLong() > 128));
    // A scalar tensor subscripted at 0 is its value.
    check(
        "numeric_fixed",
        "SELECT * WHERE scalar_i32[0] > 0",
        r.where(i -> r.num("scalar_i32", i) > 0));
    // Out-of-range positions give an empty value: comparisons are false.
    check("numeric_fixed", "SELECT * WHERE u8[5, 0] == 0 OR u8[0, 4] != 0", new long[0]);
    check("numeric_fixed", "SELECT * WHERE NOT u8[7, 7] == 1", all(r.length));
  }

  private static boolean anyOf(JsonNode arr, java.util.function.LongPredicate p) {
    for (JsonNode v : arr) {
      if (p.test(v.asLong())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void arrayComparedWithScalarIsElementWiseForAllAnyAndAllStrict() {
    FixtureRows r = rows("labels_bbox_embedding");
    // boxes: 0-3 boxes of 4 coordinates per row; column 3 is the height.
    IntPredicate allTall =
        i -> {
          for (JsonNode b : r.value("boxes", i)) {
            if (!(b.get(3).doubleValue() > 20)) {
              return false;
            }
          }
          return true;
        };
    IntPredicate empty = i -> r.value("boxes", i).size() == 0;
    check("labels_bbox_embedding", "SELECT * WHERE ALL(boxes[:, 3] > 20)", r.where(allTall));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE ALL_STRICT(boxes[:, 3] > 20)",
        r.where(i -> allTall.test(i) && !empty.test(i)));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE ANY(boxes[:, 3] > 20)",
        r.where(
            i -> {
              for (JsonNode b : r.value("boxes", i)) {
                if (b.get(3).doubleValue() > 20) {
                  return true;
                }
              }
              return false;
            }));
    check("labels_bbox_embedding", "SELECT * WHERE SHAPE(boxes)[0] == 0", r.where(empty));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE ALL(SHAPE(boxes) == ARRAY[2, 4])",
        r.where(i -> r.value("boxes", i).size() == 2));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE boxes[0, 0] > 50",
        r.where(i -> !empty.test(i) && r.value("boxes", i).get(0).get(0).doubleValue() > 50));
  }

  // ------------------------------------------------------------------ class labels

  @Test
  void classLabelsCompareThroughClassNames() {
    FixtureRows r = rows("labels_bbox_embedding");
    List<String> names = List.of("cat", "dog", "bird", "fish", "horse");
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE labels == 'dog'",
        r.where(i -> r.lng("labels", i) == names.indexOf("dog")));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE labels != 'dog' AND labels <> 'cat'",
        r.where(i -> r.lng("labels", i) != 1 && r.lng("labels", i) != 0));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE labels IN ARRAY['bird', 'horse']",
        r.where(i -> r.lng("labels", i) == 2 || r.lng("labels", i) == 4));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE labels == 2",
        r.where(i -> r.lng("labels", i) == 2));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE labels BETWEEN 'dog' AND 'fish'",
        r.where(i -> r.lng("labels", i) >= 1 && r.lng("labels", i) <= 3));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE CONTAINS(multi, 'horse')",
        r.where(i -> r.record("multi", i).get("text").toString().contains("\"horse\"")));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE ANY(multi == 'fish') AND NOT CONTAINS(multi, 'cat')",
        r.where(
            i -> {
              String t = r.record("multi", i).get("text").toString();
              return t.contains("\"fish\"") && !t.contains("\"cat\"");
            }));
    // A one-element array behaves as a scalar; AND skips rows the left side rules out.
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE SHAPE(multi)[0] == 1 AND multi == 'bird'",
        r.where(i -> r.value("multi", i).size() == 1 && r.value("multi", i).get(0).asLong() == 2));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE multi[0] == 'bird'",
        r.where(i -> r.value("multi", i).size() > 0 && r.value("multi", i).get(0).asLong() == 2));
  }

  // ------------------------------------------------------------------ text

  @Test
  void textComparesAsStringsByCodePoint() {
    FixtureRows r = rows("text_json_list");
    check("text_json_list", "SELECT * WHERE text == ''", r.where(i -> r.text("text", i).isEmpty()));
    check(
        "text_json_list",
        "SELECT * WHERE text == 'délta'",
        r.where(i -> r.text("text", i).equals("délta")));
    check(
        "text_json_list",
        "SELECT * WHERE text >= 'd' AND text < 'f'",
        r.where(
            i ->
                FixtureRows.byCodePoint(r.text("text", i), "d") >= 0
                    && FixtureRows.byCodePoint(r.text("text", i), "f") < 0));
    check(
        "text_json_list",
        "SELECT * WHERE text > '日'",
        r.where(i -> FixtureRows.byCodePoint(r.text("text", i), "日") > 0));
    check(
        "text_json_list",
        "SELECT * WHERE CONTAINS(text, 'emoji😀') OR CONTAINS(long_text, 'délta zeta')",
        r.where(
            i ->
                r.text("text", i).contains("emoji😀")
                    || r.text("long_text", i).contains("délta zeta")));
    check(
        "text_json_list",
        "SELECT * WHERE text IN ('zeta', '', 'nope')",
        r.where(i -> Set.of("zeta", "", "nope").contains(r.text("text", i))));
    check(
        "text_json_list",
        "SELECT * ORDER BY text",
        r.orderBy((a, b) -> FixtureRows.byCodePoint(r.text("text", a), r.text("text", b))));
    check(
        "text_json_list",
        "SELECT * ORDER BY text DESC LIMIT 7",
        head(
            r.orderBy((a, b) -> FixtureRows.byCodePoint(r.text("text", b), r.text("text", a))), 7));
    check("text_json_list", "SELECT * WHERE 'it''s' != text AND text != 'it''s'", all(r.length));
  }

  // ------------------------------------------------------------------ json and list

  @Test
  void jsonIndexingByKeyAndPosition() {
    FixtureRows r = rows("text_json_list");
    check(
        "text_json_list",
        "SELECT * WHERE records['name'] == 'alpha'",
        r.where(i -> r.value("records", i).get("name").asText().equals("alpha")));
    check(
        "text_json_list",
        "SELECT * WHERE records['nested']['a'][2] > 50",
        r.where(i -> r.value("records", i).get("nested").get("a").get(2).asLong() > 50));
    check(
        "text_json_list",
        "SELECT * WHERE records['nested']['a'][-1] < 30",
        r.where(i -> r.value("records", i).get("nested").get("a").get(2).asLong() < 30));
    check(
        "text_json_list",
        "SELECT * WHERE records['nested', 'b', 'c'] == 'dd'",
        r.where(i -> r.value("records", i).get("nested").get("b").get("c").asText().equals("dd")));
    check(
        "text_json_list",
        "SELECT * WHERE records['score'] > 0 AND records['ok']",
        r.where(
            i ->
                r.value("records", i).get("score").doubleValue() > 0
                    && r.value("records", i).get("ok").booleanValue()));
    check(
        "text_json_list",
        "SELECT * WHERE records['ok'] == FALSE",
        r.where(i -> !r.value("records", i).get("ok").booleanValue()));
    // null, missing keys and keys of non-objects are empty: comparisons with them are false.
    check(
        "text_json_list",
        "SELECT * WHERE records['none'] == 0 OR records['none'] != 0",
        new long[0]);
    check(
        "text_json_list",
        "SELECT * WHERE records['nope'] == 'x' OR records['id']['x'] == 1",
        new long[0]);
    // A string compared with a number is unequal, not an error (JSON values are dynamic).
    check("text_json_list", "SELECT * WHERE records['name'] == 1", new long[0]);
    check("text_json_list", "SELECT * WHERE records['name'] != 1", all(r.length));
    check(
        "text_json_list",
        "SELECT * ORDER BY records['score'] DESC LIMIT 5",
        head(r.orderBy(by(i -> -r.value("records", i).get("score").doubleValue())), 5));
    check(
        "text_json_list",
        "SELECT * ORDER BY records['name'], records['id'] DESC",
        r.orderBy(
            Comparator.<Integer, String>comparing(
                    i -> r.value("records", i).get("name").asText(), FixtureRows::byCodePoint)
                .thenComparing(i -> -r.value("records", i).get("id").asLong())));
    check(
        "text_json_list",
        "SELECT * WHERE ALL(records['nested']['a'][0:2] == ARRAY[1, 2])",
        all(r.length));
    check(
        "text_json_list",
        "SELECT * WHERE CONTAINS(records, 'nested') AND NOT CONTAINS(records, 'nope')",
        all(r.length));
  }

  @Test
  void listTensorsAsJsonArrays() {
    FixtureRows r = rows("text_json_list");
    IntPredicate hasDelta =
        i -> {
          for (JsonNode t : r.value("tags", i)) {
            if (t.asText().equals("délta")) {
              return true;
            }
          }
          return false;
        };
    check("text_json_list", "SELECT * WHERE CONTAINS(tags, 'délta')", r.where(hasDelta));
    check("text_json_list", "SELECT * WHERE ANY(tags == 'délta')", r.where(hasDelta));
    check(
        "text_json_list",
        "SELECT * WHERE tags[0] == ''",
        r.where(
            i -> r.value("tags", i).size() > 0 && r.value("tags", i).get(0).asText().isEmpty()));
    check(
        "text_json_list",
        "SELECT * WHERE SHAPE(tags)[0] == 0",
        r.where(i -> r.value("tags", i).size() == 0));
    check(
        "text_json_list",
        "SELECT * WHERE tags[-1] == 'zeta'",
        r.where(
            i ->
                r.value("tags", i).size() > 0
                    && r.value("tags", i)
                        .get(r.value("tags", i).size() - 1)
                        .asText()
                        .equals("zeta")));
  }

  // ------------------------------------------------------------------ groups and quoted names

  @Test
  void groupTensorsByQuotedName() {
    FixtureRows r = rows("groups");
    check(
        "groups",
        "SELECT * WHERE \"stats/score\" > 0 ORDER BY \"stats/name\" DESC",
        r.whereOrderBy(
            i -> r.num("stats/score", i) > 0,
            (a, b) -> FixtureRows.byCodePoint(r.text("stats/name", b), r.text("stats/name", a))));
    check(
        "groups",
        "SELECT * WHERE \"stats/detail/flag\" AND \"stats/detail/extra\"['k'] % 3 == 0",
        r.where(
            i ->
                r.lng("stats/detail/flag", i) == 1
                    && r.value("stats/detail/extra", i).get("k").asLong() % 3 == 0));
    check(
        "groups",
        "SELECT * WHERE x[1, 2] > x[0, 0]",
        r.where(
            i -> r.value("x", i).get(1).get(2).asLong() > r.value("x", i).get(0).get(0).asLong()));
  }

  // ------------------------------------------------------------------ functions

  @Test
  void shapeContainsAndReductionsOnDynamicShapes() {
    FixtureRows r = rows("numeric_dynamic");
    check(
        "numeric_dynamic",
        "SELECT * WHERE SHAPE(i32)[0] == 3",
        r.where(i -> r.shape("i32", i)[0] == 3));
    check(
        "numeric_dynamic",
        "SELECT * WHERE SHAPE(u8)[2] > 1 OR SHAPE(u8)[0] == 0",
        r.where(i -> r.shape("u8", i)[2] > 1 || r.shape("u8", i)[0] == 0));
    double[] probe = r.flat("i64", 0);
    long needle = (long) probe[1];
    check(
        "numeric_dynamic",
        "SELECT * WHERE CONTAINS(i64, " + needle + ")",
        r.where(i -> Arrays.stream(r.flat("i64", i)).anyMatch(v -> v == needle)));
    check(
        "numeric_dynamic",
        "SELECT * WHERE ALL(b)",
        r.where(i -> Arrays.stream(r.flat("b", i)).allMatch(v -> v != 0)));
    check(
        "numeric_dynamic",
        "SELECT * WHERE ALL_STRICT(b)",
        r.where(
            i -> r.flat("b", i).length > 0 && Arrays.stream(r.flat("b", i)).allMatch(v -> v != 0)));
    check(
        "numeric_dynamic",
        "SELECT * WHERE ANY(f64 > 80)",
        r.where(i -> Arrays.stream(r.flat("f64", i)).anyMatch(v -> v > 80)));
    // Sample 5 of every tensor is empty: comparisons against it are false.
    assertThat(r.flat("i32", 5)).isEmpty();
    assertThat(
            query(
                "numeric_dynamic",
                "SELECT * WHERE ANY(i32 == 1) OR ALL_STRICT(i32 != 1) OR i32[0, 0] > -1e9"))
        .doesNotContain(5L);
    check("numeric_dynamic", "SELECT * WHERE ANY(i32 != 12345)", r.where(i -> i != 5));
  }

  @Test
  void logicalAndOrElementWise() {
    FixtureRows r = rows("numeric_fixed");
    // b holds 3x4 booleans.
    IntPredicate p =
        i -> {
          JsonNode v = r.value("b", i);
          for (int c = 0; c < 4; c++) {
            if (v.get(0).get(c).booleanValue() && v.get(1).get(c).booleanValue()) {
              return true;
            }
          }
          return false;
        };
    check("numeric_fixed", "SELECT * WHERE ANY(LOGICAL_AND(b[0], b[1]))", r.where(p));
    IntPredicate q =
        i -> {
          JsonNode v = r.value("b", i);
          for (int c = 0; c < 4; c++) {
            if (!(v.get(1).get(c).booleanValue() || v.get(2).get(c).booleanValue())) {
              return false;
            }
          }
          return true;
        };
    check("numeric_fixed", "SELECT * WHERE ALL(LOGICAL_OR(b[1], b[2]))", r.where(q));
    // Arrays of different sizes give False.
    check("numeric_fixed", "SELECT * WHERE ANY(LOGICAL_OR(b[0], b[0, 1:]))", new long[0]);
  }

  @Test
  void randomShufflesEveryRowOnce() {
    long[] shuffled = query("numeric_fixed", "SELECT * ORDER BY RANDOM()");
    assertThat(Arrays.stream(shuffled).sorted().toArray())
        .containsExactly(all(rows("numeric_fixed").length));
    long[] five = query("numeric_fixed", "SELECT * WHERE scalar_b ORDER BY RANDOM() LIMIT 5");
    FixtureRows r = rows("numeric_fixed");
    Set<Long> allowed = new HashSet<>();
    for (long x : r.where(i -> r.lng("scalar_b", i) == 1)) {
      allowed.add(x);
    }
    assertThat(five).hasSize(5).doesNotHaveDuplicates();
    assertThat(allowed).contains(Arrays.stream(five).boxed().toArray(Long[]::new));
    assertThat(query("numeric_fixed", "SELECT * WHERE RANDOM() < 2")).hasSize(r.length);
    assertThat(query("numeric_fixed", "SELECT * WHERE RANDOM() >= 1")).isEmpty();
  }

  // ------------------------------------------------------------------ vector search

  private static double[] emb(FixtureRows r, int i) {
    return r.flat("emb", i);
  }

  private static double cos(double[] a, double[] b) {
    double d = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < a.length; k++) {
      d += a[k] * b[k];
      na += a[k] * a[k];
      nb += b[k] * b[k];
    }
    return d / (Math.sqrt(na) * Math.sqrt(nb));
  }

  private static String array(double[] q) {
    StringBuilder b = new StringBuilder("ARRAY[");
    for (int k = 0; k < q.length; k++) {
      b.append(k == 0 ? "" : ", ").append(q[k]);
    }
    return b.append(']').toString();
  }

  private static final double[] Q = {0.5, -1.25, 2, 0, 0.75, -0.5, 1, 0.125};

  @Test
  void cosineSimilarityTopK() {
    FixtureRows r = rows("labels_bbox_embedding");
    long[] exp = r.orderBy(by(i -> -cos(emb(r, i), Q)));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY COSINE_SIMILARITY(emb, " + array(Q) + ") DESC LIMIT 5",
        head(exp, 5));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY COSINE_SIMILARITY(" + array(Q) + ", emb) DESC LIMIT 5",
        head(exp, 5));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY COSINE_SIMILARITY(emb, " + array(Q) + ") DESC",
        exp);
    long[] asc = r.orderBy(by(i -> cos(emb(r, i), Q)));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY COSINE_SIMILARITY(emb, " + array(Q) + ") LIMIT 3 OFFSET 2",
        slice(asc, 2, 5));
    // Row-at-a-time (a slice defeats the bulk kernel) gives the same order.
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY COSINE_SIMILARITY(emb[:], " + array(Q) + ") DESC LIMIT 5",
        head(exp, 5));
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE COSINE_SIMILARITY(emb, " + array(Q) + ") > 0.2",
        r.where(i -> cos(emb(r, i), Q) > 0.2));
  }

  @Test
  void normsAndDotTopK() {
    FixtureRows r = rows("labels_bbox_embedding");
    IntToDoubleFunction l2 =
        i -> {
          double[] e = emb(r, i);
          double s = 0;
          for (int k = 0; k < e.length; k++) {
            s += (e[k] - Q[k]) * (e[k] - Q[k]);
          }
          return Math.sqrt(s);
        };
    IntToDoubleFunction l1 =
        i -> {
          double[] e = emb(r, i);
          double s = 0;
          for (int k = 0; k < e.length; k++) {
            s += Math.abs(e[k] - Q[k]);
          }
          return s;
        };
    IntToDoubleFunction linf =
        i -> {
          double[] e = emb(r, i);
          double s = 0;
          for (int k = 0; k < e.length; k++) {
            s = Math.max(s, Math.abs(Q[k] - e[k]));
          }
          return s;
        };
    IntToDoubleFunction dot =
        i -> {
          double[] e = emb(r, i);
          double s = 0;
          for (int k = 0; k < e.length; k++) {
            s += e[k] * Q[k];
          }
          return s;
        };
    String q = array(Q);
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY L2_NORM(emb - " + q + ") LIMIT 6",
        head(r.orderBy(by(l2)), 6));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY L2_NORM(" + q + " - emb) LIMIT 6",
        head(r.orderBy(by(l2)), 6));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY L1_NORM(emb - " + q + ") LIMIT 6",
        head(r.orderBy(by(l1)), 6));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY LINF_NORM(" + q + " - emb) LIMIT 6",
        head(r.orderBy(by(linf)), 6));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY DOT(emb, " + q + ") DESC LIMIT 6",
        head(r.orderBy(by(i -> -dot.applyAsDouble(i))), 6));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY L2_NORM(emb) DESC",
        r.orderBy(by(i -> -Math.sqrt(Arrays.stream(emb(r, i)).map(v -> v * v).sum()))));
    // The same searches row at a time.
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY L2_NORM(emb[0:8] - " + q + ") LIMIT 6",
        head(r.orderBy(by(l2)), 6));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY L1_NORM(emb - " + q + " + 0) LIMIT 6",
        head(r.orderBy(by(l1)), 6));
    // Vector search restricted by a filter.
    check(
        "labels_bbox_embedding",
        "SELECT * WHERE labels == 'fish' OR labels == 'cat' ORDER BY L2_NORM(emb - "
            + q
            + ") LIMIT 3",
        head(r.whereOrderBy(i -> r.lng("labels", i) == 3 || r.lng("labels", i) == 0, by(l2)), 3));
  }

  @Test
  void vectorFunctionsOnMultidimensionalAndVariableLengthTensors() {
    FixtureRows r = rows("numeric_fixed");
    double[] q = new double[12];
    for (int k = 0; k < 12; k++) {
      q[k] = k % 3 - 1;
    }
    // f32 is 3x4 float32: 12 elements against a 12-element array.
    check(
        "numeric_fixed",
        "SELECT * ORDER BY COSINE_SIMILARITY(f32, " + array(q) + ") DESC LIMIT 4",
        head(r.orderBy(by(i -> -cos(r.flat("f32", i), q))), 4));
    FixtureRows m = rows("many_chunks");
    // vec holds float32 arrays of varying length across many chunks.
    check(
        "many_chunks",
        "SELECT * ORDER BY L2_NORM(vec) DESC LIMIT 10",
        head(
            m.orderBy(by(i -> -Math.sqrt(Arrays.stream(m.flat("vec", i)).map(v -> v * v).sum()))),
            10));
    check(
        "many_chunks",
        "SELECT * WHERE SHAPE(vec)[0] > 1000 ORDER BY LINF_NORM(vec)",
        m.whereOrderBy(
            i -> m.flat("vec", i).length > 1000,
            by(i -> Arrays.stream(m.flat("vec", i)).map(Math::abs).max().orElse(0))));
  }

  // ------------------------------------------------------------------ ORDER BY

  @Test
  void orderByTiesBreakByAscendingRowInBothDirections() {
    FixtureRows r = rows("labels_bbox_embedding");
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY labels",
        r.orderBy(by(i -> r.lng("labels", i))));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY labels DESC",
        r.orderBy(by(i -> -r.lng("labels", i))));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY labels DESC LIMIT 7",
        head(r.orderBy(by(i -> -r.lng("labels", i))), 7));
    check("labels_bbox_embedding", "SELECT * ORDER BY 1", all(r.length));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY labels, emb[0] DESC",
        r.orderBy(by((int i) -> r.lng("labels", i)).thenComparing(by(i -> -r.flat("emb", i)[0]))));
    check(
        "labels_bbox_embedding",
        "SELECT * ORDER BY SHAPE(multi)[0] DESC, labels LIMIT 9",
        head(
            r.orderBy(
                by((int i) -> -r.value("multi", i).size())
                    .thenComparing(by(i -> r.lng("labels", i)))),
            9));
  }

  @Test
  void emptyValuesSortLastInBothDirections() {
    FixtureRows r = rows("numeric_dynamic");
    IntToDoubleFunction first =
        i -> r.flat("f64", i).length == 0 ? Double.NaN : r.flat("f64", i)[0];
    Comparator<Integer> asc =
        (a, b) -> {
          double x = first.applyAsDouble(a);
          double y = first.applyAsDouble(b);
          if (Double.isNaN(x) || Double.isNaN(y)) {
            return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
          }
          return Double.compare(x, y);
        };
    Comparator<Integer> desc =
        (a, b) -> {
          double x = first.applyAsDouble(a);
          double y = first.applyAsDouble(b);
          if (Double.isNaN(x) || Double.isNaN(y)) {
            return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
          }
          return Double.compare(y, x);
        };
    // f64 samples are 2-D; sample 5 is empty, so f64[0, 0] is empty there.
    check("numeric_dynamic", "SELECT * ORDER BY f64[0, 0]", r.orderBy(asc));
    check("numeric_dynamic", "SELECT * ORDER BY f64[0, 0] DESC", r.orderBy(desc));
    long[] l2 = query("numeric_dynamic", "SELECT * ORDER BY L2_NORM(u8) DESC");
    assertThat(l2[l2.length - 1]).isEqualTo(5);
    assertThat(query("numeric_dynamic", "SELECT * ORDER BY L2_NORM(u8) LIMIT 11"))
        .doesNotContain(5L);
  }

  // ------------------------------------------------------------------ set operations

  private static long[] sortedUnion(long[] a, long[] b, String op) {
    Set<Long> x = new TreeSet<>();
    Arrays.stream(a).forEach(x::add);
    Set<Long> y = new TreeSet<>();
    Arrays.stream(b).forEach(y::add);
    switch (op) {
      case "UNION" -> x.addAll(y);
      case "INTERSECT" -> x.retainAll(y);
      default -> x.removeAll(y);
    }
    return x.stream().mapToLong(Long::longValue).toArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"UNION", "INTERSECT", "EXCEPT", "union", "Intersect"})
  void setOperationsListRowsInSourceOrder(String op) {
    FixtureRows r = rows("labels_bbox_embedding");
    long[] a = r.where(i -> r.lng("labels", i) <= 1);
    long[] b = head(r.orderBy(by(i -> -cos(emb(r, i), Q))), 8);
    String qa = "SELECT * WHERE labels <= 'dog'";
    String qb = "SELECT * ORDER BY COSINE_SIMILARITY(emb, " + array(Q) + ") DESC LIMIT 8";
    check(
        "labels_bbox_embedding",
        "(" + qa + ") " + op + " (" + qb + ")",
        sortedUnion(a, b, op.toUpperCase(java.util.Locale.ROOT)));
  }

  @Test
  void intersectBindsTighterThanUnionAndExcept() {
    FixtureRows r = rows("numeric_fixed");
    long[] a = r.where(i -> r.num("scalar_i32", i) > 0);
    long[] b = r.where(i -> r.num("scalar_f32", i) > 0);
    long[] c = r.where(i -> r.lng("scalar_b", i) == 1);
    String qa = "SELECT * WHERE scalar_i32 > 0";
    String qb = "SELECT * WHERE scalar_f32 > 0";
    String qc = "SELECT * WHERE scalar_b";
    check(
        "numeric_fixed",
        qa + " UNION " + qb + " INTERSECT " + qc,
        sortedUnion(a, sortedUnion(b, c, "INTERSECT"), "UNION"));
    check(
        "numeric_fixed",
        "(" + qa + " UNION " + qb + ") INTERSECT " + qc,
        sortedUnion(sortedUnion(a, b, "UNION"), c, "INTERSECT"));
    check(
        "numeric_fixed",
        qa + " EXCEPT " + qb + " EXCEPT " + qc,
        sortedUnion(sortedUnion(a, b, "EXCEPT"), c, "EXCEPT"));
    check("numeric_fixed", "((" + qa + ") EXCEPT ((" + qb + ")))", sortedUnion(a, b, "EXCEPT"));
  }

  // ------------------------------------------------------------------ versions

  @Test
  void queriesReadTheVersionTheDatasetWasOpenedAt() {
    JsonNode e =
        org.deeplake4j.engine.testing.Fixtures.readJson(
            org.deeplake4j.engine.testing.Fixtures.v3Fixtures()
                .resolve("version_control/expected.json"));
    for (int v = 0; v < e.get("versions").size(); v++) {
      FixtureRows r = FixtureRows.at("version_control", v);
      String ref = r.version.get("ref").asText();
      try (Dataset ds = Dataset.open(r.datasetPath(), ref)) {
        long[] exp =
            r.where(
                i ->
                    r.value("num", i).get(0).asLong() % 2 == 0
                        && r.text("note", i).compareTo("m") < 0);
        assertThat(ds.query("SELECT * WHERE num[0] % 2 == 0 AND note < 'm'").indices())
            .as("at %s", ref)
            .containsExactly(exp);
        List<String> names = List.of("neg", "pos");
        assertThat(ds.query("SELECT * WHERE label == 'pos'").indices())
            .as("at %s", ref)
            .containsExactly(r.where(i -> r.lng("label", i) == names.indexOf("pos")));
      }
    }
  }

  @Test
  void manyChunksWithEarlyStop() {
    FixtureRows r = rows("many_chunks");
    check(
        "many_chunks",
        "SELECT * WHERE ids[1] % 2 == 1 LIMIT 5",
        head(r.where(i -> r.value("ids", i).get(1).asLong() % 2 == 1), 5));
    check(
        "many_chunks",
        "SELECT * WHERE rows[10] > 200 AND CONTAINS(txt, '1')",
        r.where(i -> r.value("rows", i).get(10).asLong() > 200 && r.text("txt", i).contains("1")));
    List<Long> sum = new ArrayList<>();
    for (long x : query("many_chunks", "SELECT * ORDER BY ids[7] - ids[0] DESC LIMIT 3")) {
      sum.add(x);
    }
    assertThat(sum)
        .containsExactlyElementsOf(
            Arrays.stream(
                    head(
                        r.orderBy(
                            by(
                                i ->
                                    -(r.value("ids", i).get(7).asLong()
                                        - r.value("ids", i).get(0).asLong()))),
                        3))
                .boxed()
                .toList());
  }

  @Test
  void whereOnJsonStringsIsATypedErrorAtTheRow() {
    assertThatThrownBy(() -> query("text_json_list", "SELECT * WHERE records['name']"))
        .isInstanceOf(TqlSemanticException.class)
        .hasMessageContaining("WHERE needs a number or boolean but found a string")
        .hasMessageContaining("dataset row 0");
    assertThatThrownBy(() -> query("labels_bbox_embedding", "SELECT * WHERE multi == 'dog'"))
        .isInstanceOf(TqlSemanticException.class)
        .hasMessageContaining("array of 2 elements")
        .hasMessageContaining("ANY(...) or ALL(...)");
  }
}
