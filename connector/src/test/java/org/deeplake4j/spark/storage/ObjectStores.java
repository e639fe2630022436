package org.deeplake4j.spark.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test JVM's object stores: one moto S3 server and one Azurite blob server on 127.0.0.1,
 * started on first use and stopped when the whole test run ends (register with
 * {@code @ExtendWith(ObjectStores.class)}). URLs and storage options for both, with unique dataset
 * paths per call.
 */
public final class ObjectStores implements BeforeAllCallback {
  public static final String BUCKET = "deeplake4j-test";
  public static final String CONTAINER = "deeplake4j";
  public static final String AZURE_ACCOUNT = "devstoreaccount1";
  public static final String AZURE_HOST = AZURE_ACCOUNT + ".dfs.core.windows.net";

  /** Azurite's published development-account key (not a secret: it is in Azurite's README). */
  public static final String AZURITE_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static Emulator moto;
  private static Emulator azurite;
  private static final List<Emulator> extra = new ArrayList<>();
  private static Path azuriteDir;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            "deeplake4j-object-stores",
            k -> (ExtensionContext.Store.CloseableResource) ObjectStores::stopAll,
            ExtensionContext.Store.CloseableResource.class);
  }

  public static synchronized Emulator moto() {
    if (moto == null) {
      moto = startMoto(Map.of());
      int status = moto.request("PUT", "/" + BUCKET);
      if (status != 200) {
        throw new IllegalStateException("moto refused to create bucket " + BUCKET + ": " + status);
      }
    }
    return moto;
  }

  /**
   * A second moto server that checks credentials (moto's IAM mode: every access key unknown to its
   * IAM is refused with 403 InvalidAccessKeyId). Stopped with the others.
   */
  public static synchronized Emulator motoCheckingCredentials() {
    Emulator e = startMoto(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "0"));
    extra.add(e);
    return e;
  }

  private static Emulator startMoto(Map<String, String> env) {
    int port = Emulator.freePort();
    return Emulator.start(
        "moto",
        port,
        List.of(
            Emulator.executable("moto.server").toString(),
            "-H",
            "127.0.0.1",
            "-p",
            Integer.toString(port)),
        env);
  }

  public static synchronized Emulator azurite() {
    if (azurite == null) {
      try {
        azuriteDir = Files.createTempDirectory("deeplake4j-azurite-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int port = Emulator.freePort();
      azurite =
          Emulator.start(
              "azurite",
              port,
              List.of(
                  Emulator.executable("azurite.blob").toString(),
                  "--blobHost",
                  "127.0.0.1",
                  "--blobPort",
                  Integer.toString(port),
                  "--location",
                  azuriteDir.toString(),
                  "--silent"),
              Map.of());
    }
    return azurite;
  }

  public static synchronized void stopAll() {
    for (Emulator e : extra) {
      e.close();
    }
    extra.clear();
    if (moto != null) {
      moto.close();
      moto = null;
    }
    if (azurite != null) {
      azurite.close();
      azurite = null;
      deleteTree(azuriteDir);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files
    }
  }

  /** A fresh dataset path (no leading slash) under {@code prefix}. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String s3Url(String path) {
    return "s3a://" + BUCKET + "/" + path;
  }

  public static String abfsUrl(String path) {
    return "abfs://" + CONTAINER + "@" + AZURE_HOST + "/" + path;
  }

  /** S3A options for moto (BUILD_NOTES section 6) with the given credentials. */
  public static Map<String, String> s3Options(Emulator server, String accessKey, String secretKey) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("fs.s3a.endpoint", "http://127.0.0.1:" + server.port);
    o.put("fs.s3a.endpoint.region", "us-east-1");
    o.put("fs.s3a.path.style.access", "true");
    o.put("fs.s3a.connection.ssl.enabled", "false");
    o.put("fs.s3a.access.key", accessKey);
    o.put("fs.s3a.secret.key", secretKey);
    o.put(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    o.put("fs.s3a.attempts.maximum", "1");
    o.put("fs.s3a.retry.limit", "1");
    return o;
  }

  public static Map<String, String> s3Options() {
    return s3Options(moto(), "test-access", "test-secret");
  }

  /** ABFS options for Azurite's flat-namespace blob endpoint (BUILD_NOTES section 6). */
  public static Map<String, String> abfsOptions(String accountKey) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("fs.azure.abfs.endpoint", "127.0.0.1:" + azurite().port);
    o.put("fs.azure.always.use.https", "false");
    o.put("fs.azure.account.auth.type", "SharedKey");
    o.put("fs.azure.account.key." + AZURE_HOST, accountKey);
    o.put("fs.azure.fns.account.service.type", "BLOB");
    o.put("fs.azure.account.hns.enabled", "false");
    o.put("fs.azure.createRemoteFileSystemDuringInitialization", "true");
    o.put("fs.azure.networking.library", "JDK_HTTP_URL_CONNECTION");
    o.put("fs.azure.io.retry.max.retries", "0");
    return o;
  }

  /** Uploads every file under {@code dir} to the dataset root {@code url}; returns the count. */
  public static int upload(Path dir, String url, Map<String, String> options) {
    try (var storage = new HadoopStorageProvider().open(java.net.URI.create(url), options);
        var files = Files.walk(dir)) {
      int n = 0;
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String key = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
        storage.put(key, Files.readAllBytes(f));
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, String> abfsOptions() {
    return abfsOptions(AZURITE_KEY);
  }
}
