package org.deeplake4j.spark.storage;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns storage options into the Hadoop configuration of one object-store file system. Precedence,
 * lowest first: Hadoop's defaults and {@code core-site.xml} on the class path; the options' {@code
 * spark.hadoop.*} keys (prefix dropped); their {@code fs.*} keys; the Python-style S3 aliases
 * below. Every other option is ignored here. Values are never logged or printed.
 *
 * <p>Python deeplake's S3 credential names work as aliases: {@value #AWS_ACCESS_KEY_ID}, {@value
 * #AWS_SECRET_ACCESS_KEY}, {@value #AWS_SESSION_TOKEN}, {@value #ENDPOINT_URL} (also switches to
 * path-style access, and off SSL for {@code http://}) and {@value #AWS_REGION}.
 */
public final class HadoopStorageOptions {
  public static final String AWS_ACCESS_KEY_ID = "aws_access_key_id";
  public static final String AWS_SECRET_ACCESS_KEY = "aws_secret_access_key";
  public static final String AWS_SESSION_TOKEN = "aws_session_token";
  public static final String ENDPOINT_URL = "endpoint_url";
  public static final String AWS_REGION = "aws_region";

  private static final String SPARK_HADOOP = "spark.hadoop.";

  private HadoopStorageOptions() {}

  /**
   * Prefix of namespaced storage options: {@code storage.fs.s3a.endpoint} = {@code
   * fs.s3a.endpoint}.
   */
  public static final String STORAGE_PREFIX = "storage.";

  /** The configuration for the file system of {@code url} under {@code options}. */
  public static Configuration configuration(URI url, Map<String, String> options) {
    options = unprefixed(options);
    Configuration conf = new Configuration();
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (e.getKey().startsWith(SPARK_HADOOP) && e.getValue() != null) {
        conf.set(e.getKey().substring(SPARK_HADOOP.length()), e.getValue());
      }
    }
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (e.getKey().startsWith("fs.") && e.getValue() != null) {
        conf.set(e.getKey(), e.getValue());
      }
    }
    String key = get(options, AWS_ACCESS_KEY_ID);
    String secret = get(options, AWS_SECRET_ACCESS_KEY);
    String token = get(options, AWS_SESSION_TOKEN);
    if (key != null && secret != null) {
      conf.set("fs.s3a.access.key", key);
      conf.set("fs.s3a.secret.key", secret);
      if (token != null) {
        conf.set("fs.s3a.session.token", token);
        conf.set(
            "fs.s3a.aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
      } else {
        conf.set(
            "fs.s3a.aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      }
    }
    String endpoint = get(options, ENDPOINT_URL);
    if (endpoint != null) {
      conf.set("fs.s3a.endpoint", endpoint);
      conf.setBoolean("fs.s3a.path.style.access", true);
      if (endpoint.toLowerCase(Locale.ROOT).startsWith("http://")) {
        conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
      }
    }
    String region = get(options, AWS_REGION);
    if (region != null) {
      conf.set("fs.s3a.endpoint.region", region);
    }
    // s3:// is S3A too (Hadoop maps only s3a:// by default)
    if (conf.get("fs.s3.impl") == null) {
      conf.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    }
    return conf;
  }

  /**
   * The options with {@code storage.}-prefixed keys (except the engine's {@code
   * storage.<scheme>.impl}) also under their unprefixed names; an unprefixed key given too wins.
   */
  static Map<String, String> unprefixed(Map<String, String> options) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(STORAGE_PREFIX) && !k.endsWith(".impl")) {
        out.put(k.substring(STORAGE_PREFIX.length()), e.getValue());
      }
    }
    out.putAll(options);
    return out;
  }

  private static String get(Map<String, String> options, String key) {
    String v = options.get(key);
    return v == null || v.isEmpty() ? null : v;
  }
}
