package org.deeplake4j.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Structural JSON comparison that treats numbers by value (1 == 1.0, BigInteger == long) and
 * reports every difference with its JSON path. Used to compare engine output with records that
 * Python deeplake wrote.
 */
public final class JsonCompare {
  private final List<String> diffs = new ArrayList<>();
  private final Set<String> ignoredFields;
  private final double relTolerance;

  private JsonCompare(Set<String> ignoredFields, double relTolerance) {
    this.ignoredFields = ignoredFields;
    this.relTolerance = relTolerance;
  }

  /** Differences between {@code expected} and {@code actual} (empty when equal). */
  public static List<String> diff(JsonNode expected, JsonNode actual) {
    return diff(expected, actual, Set.of(), 0);
  }

  /**
   * Differences, skipping object fields named in {@code ignoredFields} and comparing floating point
   * numbers with relative tolerance {@code relTolerance} (0 = exact).
   */
  public static List<String> diff(
      JsonNode expected, JsonNode actual, Set<String> ignoredFields, double relTolerance) {
    JsonCompare c = new JsonCompare(ignoredFields, relTolerance);
    c.compare("$", expected, actual);
    return c.diffs;
  }

  private void add(String path, String what) {
    if (diffs.size() < 20) {
      diffs.add(path + ": " + what);
    }
  }

  private void compare(String path, JsonNode e, JsonNode a) {
    if (e == null || a == null || e.isMissingNode() || a.isMissingNode()) {
      if (!(isNullish(e) && isNullish(a))) {
        add(path, "expected " + e + " but was " + a);
      }
      return;
    }
    if (e.isNumber() && a.isNumber()) {
      BigDecimal x = e.decimalValue();
      BigDecimal y = a.decimalValue();
      if (x.compareTo(y) != 0) {
        if (relTolerance > 0 && (e.isFloatingPointNumber() || a.isFloatingPointNumber())) {
          double dx = x.doubleValue();
          double dy = y.doubleValue();
          if (Math.abs(dx - dy) <= relTolerance * Math.max(1, Math.abs(dx))) {
            return;
          }
        }
        add(path, "expected " + e + " but was " + a);
      }
      return;
    }
    if (e.isDouble()
        && a.isDouble()
        && Double.isNaN(e.doubleValue())
        && Double.isNaN(a.doubleValue())) {
      return;
    }
    if (e.getNodeType() != a.getNodeType()) {
      add(
          path,
          "expected "
              + e.getNodeType()
              + " "
              + abbreviate(e)
              + " but was "
              + a.getNodeType()
              + " "
              + abbreviate(a));
      return;
    }
    if (e.isArray()) {
      if (e.size() != a.size()) {
        add(path, "expected " + e.size() + " elements but was " + a.size() + ": " + abbreviate(a));
        return;
      }
      for (int i = 0; i < e.size(); i++) {
        compare(path + "[" + i + "]", e.get(i), a.get(i));
      }
      return;
    }
    if (e.isObject()) {
      Set<String> names = new TreeSet<>();
      e.fieldNames().forEachRemaining(names::add);
      a.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        if (ignoredFields.contains(n)) {
          continue;
        }
        compare(path + "." + n, e.get(n), a.get(n));
      }
      return;
    }
    if (!e.equals(a)) {
      add(path, "expected " + abbreviate(e) + " but was " + abbreviate(a));
    }
  }

  private static boolean isNullish(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull();
  }

  private static String abbreviate(JsonNode n) {
    String s = String.valueOf(n);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** Fields of an iterator, for callers. */
  static List<String> names(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
