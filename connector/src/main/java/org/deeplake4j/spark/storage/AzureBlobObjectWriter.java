package org.deeplake4j.spark.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.azurebfs.contracts.exceptions.AbfsRestOperationException;

/**
 * Azure writes as single Blob REST {@code Put Blob} requests (block blobs up to 5000 MiB), signed
 * with the account's SharedKey: {@code If-None-Match: *} for {@link #putIfAbsent}, {@code If-Match:
 * <ETag>} for {@link #putIfMatch}. Azure answers 409 BlobAlreadyExists or 412 ConditionNotMet when
 * a condition fails, 404 when an {@code If-Match} target is gone.
 *
 * <p>The blob endpoint is {@code https://<account>.blob.<suffix>} for a URL {@code
 * abfs[s]://<container>@<account>.dfs.<suffix>}, or {@code http[s]://<fs.azure.abfs.endpoint>/
 * <account>} when that option names an emulator, as ABFS does. Only SharedKey credentials are
 * supported here ({@code fs.azure.account.key.<account host>}). Thread-safe.
 */
final class AzureBlobObjectWriter implements ObjectWriter {
  private static final String API_VERSION = "2021-08-06";
  private static final DateTimeFormatter RFC1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

  private final HttpClient http;
  private final String account;
  private final String container;
  private final String base;
  private final String basePath;
  private final byte[] key;

  private AzureBlobObjectWriter(String account, String container, String base, byte[] key) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    this.account = account;
    this.container = container;
    this.base = base;
    this.basePath = URI.create(base).getRawPath();
    this.key = key;
  }

  /**
   * The writer for {@code url} ({@code abfs[s]://container@account.dfs.<suffix>/...}), or null when
   * {@code conf} has no SharedKey for the account.
   */
  static AzureBlobObjectWriter create(URI url, Configuration conf) throws IOException {
    String host = url.getHost();
    String container = url.getUserInfo();
    if (host == null || container == null) {
      throw new IOException(
          "an ABFS URL names its container and account: abfs://<container>@<account>.dfs.core.windows.net/<path>");
    }
    String account = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
    char[] secret = conf.getPassword("fs.azure.account.key." + host);
    if (secret == null) {
      secret = conf.getPassword("fs.azure.account.key");
    }
    if (secret == null) {
      return null;
    }
    String authType =
        conf.get(
            "fs.azure.account.auth.type." + host,
            conf.get("fs.azure.account.auth.type", "SharedKey"));
    if (!authType.equalsIgnoreCase("SharedKey")) {
      return null;
    }
    boolean https =
        url.getScheme().equalsIgnoreCase("abfss")
            || conf.getBoolean("fs.azure.always.use.https", true);
    String emulator = conf.get("fs.azure.abfs.endpoint");
    String base;
    if (emulator != null && !emulator.isBlank()) {
      base = (https ? "https://" : "http://") + emulator.trim() + "/" + account;
    } else {
      base = (https ? "https://" : "http://") + host.replace(".dfs.", ".blob.");
    }
    return new AzureBlobObjectWriter(
        account, container, base, Base64.getDecoder().decode(new String(secret)));
  }

  @Override
  public void put(String object, byte[] data) throws IOException {
    send(object, data, null, null);
  }

  @Override
  public boolean putIfAbsent(String object, byte[] data) throws IOException {
    return send(object, data, null, "*");
  }

  @Override
  public boolean putIfMatch(String object, byte[] data, String etag) throws IOException {
    return send(object, data, etag, null);
  }

  /** One Put Blob; false when the store reports the condition failed. */
  private boolean send(String object, byte[] data, String ifMatch, String ifNoneMatch)
      throws IOException {
    String rawPath = basePath + "/" + container + "/" + encode(object);
    URI uri;
    try {
      uri = new URI(base.substring(0, base.length() - basePath.length()) + rawPath);
    } catch (URISyntaxException e) {
      throw new IOException("cannot address blob " + object + ": " + e.getMessage(), e);
    }
    String date = RFC1123.format(ZonedDateTime.now(ZoneOffset.UTC));
    Map<String, String> ms = new TreeMap<>();
    ms.put("x-ms-blob-type", "BlockBlob");
    ms.put("x-ms-date", date);
    ms.put("x-ms-version", API_VERSION);
    String contentType = "application/octet-stream";
    StringBuilder toSign = new StringBuilder();
    toSign.append("PUT\n\n\n");
    toSign.append(data.length == 0 ? "" : Integer.toString(data.length)).append('\n');
    toSign.append('\n'); // Content-MD5
    toSign.append(contentType).append('\n');
    toSign.append('\n'); // Date (x-ms-date is used)
    toSign.append('\n'); // If-Modified-Since
    toSign.append(ifMatch == null ? "" : ifMatch).append('\n');
    toSign.append(ifNoneMatch == null ? "" : ifNoneMatch).append('\n');
    toSign.append('\n'); // If-Unmodified-Since
    toSign.append('\n'); // Range
    for (Map.Entry<String, String> h : ms.entrySet()) {
      toSign.append(h.getKey()).append(':').append(h.getValue()).append('\n');
    }
    toSign.append('/').append(account).append(rawPath);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", contentType)
            .header("Authorization", "SharedKey " + account + ":" + sign(toSign.toString()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(data));
    ms.forEach(req::header);
    if (ifMatch != null) {
      req.header("If-Match", ifMatch);
    }
    if (ifNoneMatch != null) {
      req.header("If-None-Match", ifNoneMatch);
    }
    HttpResponse<String> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing blob " + object);
    }
    int status = resp.statusCode();
    if (status == 201 || status == 200) {
      return true;
    }
    String code = resp.headers().firstValue("x-ms-error-code").orElse("");
    boolean conditional = ifMatch != null || ifNoneMatch != null;
    if (conditional && (status == 412 || status == 409 && code.equals("BlobAlreadyExists"))) {
      return false;
    }
    if (ifMatch != null && status == 404) {
      return false;
    }
    String msg = "Put Blob " + container + "/" + object + " failed: HTTP " + status + " " + code;
    if (status == 403) {
      throw new java.nio.file.AccessDeniedException(container + "/" + object, null, msg);
    }
    throw new IOException(msg);
  }

  private String sign(String stringToSign) throws IOException {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot sign a SharedKey request: " + e.getMessage(), e);
    }
  }

  /** Percent-encodes each '/'-separated segment of an object name (RFC 3986 unreserved kept). */
  static String encode(String object) {
    StringBuilder sb = new StringBuilder();
    for (byte b : object.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || c == '/') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return sb.toString();
  }

  @Override
  public boolean isReplacedWhileReading(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AbfsRestOperationException a && a.getStatusCode() == 412) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
