package org.deeplake4j.engine.tql;

/**
 * Options of one query run. Immutable and thread-safe.
 *
 * <pre>{@code
 * DatasetView s = ds.query("SELECT * SAMPLE BY MAX_WEIGHT(labels == 0: 10, labels == 1: 2) LIMIT 100",
 *     QueryOptions.seed(42));   // the same 100 rows on every run
 * }</pre>
 *
 * @param seed the seed of the query's random generator (SAMPLE BY draws and {@code RANDOM()}), or
 *     null for a fresh unpredictable generator per run
 */
public record QueryOptions(Long seed) {
  private static final QueryOptions DEFAULTS = new QueryOptions(null);

  /** No seed: every run draws differently. */
  public static QueryOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Seeds SAMPLE BY and {@code RANDOM()}: the same query over the same rows gives the same result.
   */
  public static QueryOptions seed(long seed) {
    return new QueryOptions(seed);
  }
}
