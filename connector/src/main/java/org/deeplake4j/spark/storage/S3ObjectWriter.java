package org.deeplake4j.spark.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.deeplake4j.engine.storage.ObjectMetadata;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 writes as single {@code PutObject} requests through the S3A file system's own client (same
 * credentials, endpoint, region and retry policy; owned by the file system, not closed here).
 * Conditional writes send {@code If-None-Match: *} or {@code If-Match: <ETag>}: S3 answers 412 when
 * the condition fails, 404 when an {@code If-Match} target is gone, and 409 when another
 * conditional write of the key is in flight (retried after a short pause, as AWS advises).
 *
 * <p>Reads, metadata and deletes are single {@code GetObject} (with {@code Range} for ranges),
 * {@code HeadObject} and {@code DeleteObject} requests through the same client: S3A would add a
 * HEAD to every open and a LIST to every probe of a missing key, which doubles the round trips of
 * opening a dataset.
 */
final class S3ObjectWriter implements ObjectWriter, ObjectReader {
  /** Attempts of a conditional write answered 409 ConditionalRequestConflict. */
  private static final int CONFLICT_ATTEMPTS = 20;

  private final S3Client s3;
  private final String bucket;

  S3ObjectWriter(S3AFileSystem fs) {
    this.s3 = fs.getS3AInternals().getAmazonS3Client("deeplake4j single-request writes");
    this.bucket = fs.getBucket();
  }

  @Override
  public void put(String object, byte[] data) throws IOException {
    send(PutObjectRequest.builder().bucket(bucket).key(object).build(), object, data);
  }

  @Override
  public boolean putIfAbsent(String object, byte[] data) throws IOException {
    return conditional(
        PutObjectRequest.builder().bucket(bucket).key(object).ifNoneMatch("*").build(),
        object,
        data);
  }

  @Override
  public boolean putIfMatch(String object, byte[] data, String etag) throws IOException {
    return conditional(
        PutObjectRequest.builder().bucket(bucket).key(object).ifMatch(etag).build(), object, data);
  }

  private boolean conditional(PutObjectRequest req, String object, byte[] data) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putObject(req, RequestBody.fromBytes(data));
        return true;
      } catch (S3Exception e) {
        int status = e.statusCode();
        if (status == 412 || status == 404) {
          return false;
        }
        if (status == 409 && attempt < CONFLICT_ATTEMPTS) {
          pause(attempt);
          continue;
        }
        throw translate(object, e);
      } catch (SdkException e) {
        throw translate(object, e);
      }
    }
  }

  private void send(PutObjectRequest req, String object, byte[] data) throws IOException {
    try {
      s3.putObject(req, RequestBody.fromBytes(data));
    } catch (SdkException e) {
      throw translate(object, e);
    }
  }

  @Override
  public byte[] get(String object) throws IOException {
    try {
      return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(object).build())
          .asByteArray();
    } catch (SdkException e) {
      throw translateRead(object, e);
    }
  }

  @Override
  public byte[] getRange(String object, long offset, int length) throws IOException {
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    try {
      return s3.getObjectAsBytes(
              GetObjectRequest.builder().bucket(bucket).key(object).range(range).build())
          .asByteArray();
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        // the range starts at or past the end: nothing to read, if the object exists
        if (metadata(object).isEmpty()) {
          throw new FileNotFoundException(object);
        }
        return new byte[0];
      }
      throw translateRead(object, e);
    } catch (SdkException e) {
      throw translateRead(object, e);
    }
  }

  @Override
  public Optional<ObjectMetadata> metadata(String object) throws IOException {
    try {
      HeadObjectResponse h =
          s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(object).build());
      Instant t = h.lastModified() == null ? Instant.EPOCH : h.lastModified();
      return Optional.of(new ObjectMetadata(h.contentLength(), h.eTag(), t));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw translate(object, e);
    } catch (SdkException e) {
      throw translate(object, e);
    }
  }

  @Override
  public void delete(String object) throws IOException {
    try {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(object).build());
    } catch (SdkException e) {
      throw translate(object, e);
    }
  }

  private IOException translateRead(String object, SdkException e) {
    if (e instanceof S3Exception s && s.statusCode() == 404) {
      return new FileNotFoundException("s3a://" + bucket + "/" + object);
    }
    return S3AUtils.translateException("GET", "s3a://" + bucket + "/" + object, e);
  }

  private IOException translate(String object, SdkException e) {
    return S3AUtils.translateException("PUT", "s3a://" + bucket + "/" + object, e);
  }

  @Override
  public boolean isReplacedWhileReading(IOException e) {
    return e instanceof org.apache.hadoop.fs.s3a.RemoteFileChangedException;
  }

  private static void pause(int attempt) throws InterruptedIOException {
    try {
      Thread.sleep(Math.min(200, 5L * attempt));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while retrying a conditional write");
    }
  }
}
