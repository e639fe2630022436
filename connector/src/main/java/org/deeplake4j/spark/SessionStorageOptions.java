package org.deeplake4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * The object-store settings of the active Spark session: every {@code fs.*} entry of the session's
 * Hadoop configuration ({@code spark.hadoop.*} at startup, {@code
 * sparkContext.hadoopConfiguration().set(...)}, {@code spark.conf.set("fs.s3a....", ...)}) whose
 * value differs from Hadoop's defaults. Read on the driver and carried to executors inside the
 * read's storage options (reader options win over them), because executors do not see session
 * changes to the Hadoop configuration.
 */
final class SessionStorageOptions {
  private SessionStorageOptions() {}

  /** The session's non-default {@code fs.*} settings, or none without an active session. */
  static Map<String, String> get() {
    Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isEmpty()) {
      return Map.of();
    }
    Configuration session = active.get().sessionState().newHadoopConf();
    Configuration defaults = new Configuration();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : session) {
      String k = e.getKey();
      if (k.startsWith("fs.") && !Objects.equals(session.get(k), defaults.get(k))) {
        out.put(k, session.get(k));
      }
    }
    return out;
  }
}
