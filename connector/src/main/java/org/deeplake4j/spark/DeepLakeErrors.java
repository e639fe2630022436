package org.deeplake4j.spark;

import java.util.List;
import org.apache.spark.sql.AnalysisException;
import scala.Option;

/**
 * Builds every error the connector raises on the driver, in one place. Each is an {@link
 * AnalysisException} (so it surfaces before any task runs, as Spark's own analysis errors do, and
 * PySpark maps it to its AnalysisException) with an error class {@code DEEPLAKE_*}, a SQL state,
 * and a message saying what went wrong, with the concrete values, and how to fix it.
 *
 * <p>AnalysisException is a checked exception to Java, and Spark's Java interfaces ({@code
 * TableProvider.inferSchema}, {@code Table.newScanBuilder}, ...) cannot declare it, so each factory
 * throws its exception itself without a {@code throws} clause (as Scala code does). The declared
 * return type lets callers write {@code throw DeepLakeErrors.x(...)}, so the compiler sees that the
 * path ends there.
 */
final class DeepLakeErrors {
  private DeepLakeErrors() {}

  /** The path holds no Deep Lake dataset (or cannot be read). */
  static RuntimeException notADataset(String path, Throwable cause) {
    return error(
        "DEEPLAKE_DATASET_NOT_FOUND",
        "42P01",
        "No Deep Lake dataset at "
            + path
            + ": "
            + cause.getMessage()
            + ". Check the path; a dataset folder holds dataset_meta.json.",
        cause);
  }

  /** The dataset could not be read (corrupt or unsupported metadata, storage failure). */
  static RuntimeException cannotRead(String path, String ref, Throwable cause) {
    return error(
        "DEEPLAKE_CANNOT_READ",
        "58030",
        "Cannot read the Deep Lake dataset at "
            + path
            + (ref == null ? "" : " (ref '" + ref + "')")
            + ": "
            + cause.getMessage(),
        cause);
  }

  /** The object store refused the credentials (missing, wrong, or without permission). */
  static RuntimeException accessDenied(String path, Throwable cause) {
    return error(
        "DEEPLAKE_ACCESS_DENIED",
        "42501",
        "Access denied to the Deep Lake dataset at "
            + path
            + ": "
            + cause.getMessage()
            + " Pass credentials as reader options (e.g. fs.s3a.access.key and fs.s3a.secret.key,"
            + " or fs.azure.account.key.<account>.dfs.core.windows.net) or in the session's Hadoop"
            + " configuration.",
        cause);
  }

  /** No branch or commit named {@code ref}. */
  static RuntimeException refNotFound(String path, String ref, List<String> branches) {
    return error(
        "DEEPLAKE_REF_NOT_FOUND",
        "42704",
        "No branch or commit '"
            + ref
            + "' in the Deep Lake dataset at "
            + path
            + ". Branches: "
            + String.join(", ", branches)
            + "; a commit is named by its full 40-character id.",
        null);
  }

  /** A name in the {@code tensors} option is not a tensor of the dataset. */
  static RuntimeException tensorNotFound(
      String path, String version, String tensor, List<String> available) {
    return tensorNotFound(path, version, tensor, available, DeepLakeOptions.TENSORS);
  }

  /** A name in the option {@code option} is not a tensor of the table. */
  static RuntimeException tensorNotFound(
      String path, String version, String tensor, List<String> available, String option) {
    return error(
        "DEEPLAKE_TENSOR_NOT_FOUND",
        "42703",
        "No tensor '"
            + tensor
            + "' in the Deep Lake dataset at "
            + path
            + " ("
            + version
            + "), named in the option '"
            + option
            + "'. Tensors: "
            + String.join(", ", available)
            + ".",
        null);
  }

  /**
   * A tensor named in (or, for {@code true}, covered by) a decoding option cannot be read that way:
   * raised while the table is resolved, before any task runs.
   */
  static RuntimeException cannotDecode(
      String path, String tensor, String htype, String option, String reason) {
    return error(
        "DEEPLAKE_CANNOT_DECODE",
        "0A000",
        "The Deep Lake option '"
            + option
            + "' cannot apply to tensor '"
            + tensor
            + "' (htype "
            + htype
            + ") of "
            + path
            + ": "
            + reason
            + ". Name only the tensors it applies to, e.g. ."
            + "option(\""
            + option
            + "\", \"images,masks\"), or leave the option off to read this tensor as it is"
            + " stored.",
        null);
  }

  /** An added column ({@code x_shape}, {@code x_label}) has the name of an existing column. */
  static RuntimeException columnClash(String path, String column, String option) {
    return error(
        "DEEPLAKE_COLUMN_CLASH",
        "42711",
        "The Deep Lake option '"
            + option
            + "' adds a column '"
            + column
            + "' to "
            + path
            + ", but the dataset already has a column of that name. Name only other tensors in '"
            + option
            + "', or select tensors with the option '"
            + DeepLakeOptions.TENSORS
            + "'.",
        null);
  }

  /** The {@code query} option is not TQL, or does not fit the dataset. */
  static RuntimeException invalidQuery(String query, Throwable cause) {
    return error(
        "DEEPLAKE_INVALID_QUERY",
        "42601",
        "The Deep Lake option '"
            + DeepLakeOptions.QUERY
            + "' = '"
            + query
            + "' is not a TQL query this dataset can run: "
            + cause.getMessage()
            + ". See docs/tql.md; e.g. SELECT * WHERE labels == 2 AND SHAPE(boxes)[0] > 0.",
        cause);
  }

  /** The {@code query} option shapes its result instead of selecting rows. */
  static RuntimeException queryNotRowSelection(String query) {
    return error(
        "DEEPLAKE_INVALID_QUERY",
        "42601",
        "The Deep Lake option '"
            + DeepLakeOptions.QUERY
            + "' = '"
            + query
            + "' must select rows (WHERE, ORDER BY, LIMIT/OFFSET, SAMPLE BY, EXPAND BY, set"
            + " operations); a select list, GROUP BY, aggregates and UNGROUP BY shape the result,"
            + " which Spark does over the scan: spark.read.format(\"deeplake\")...groupBy(...).",
        null);
  }

  /** An option has an invalid value. */
  static RuntimeException invalidOption(String key, String value, String expected) {
    return error(
        "DEEPLAKE_INVALID_OPTION",
        "22023",
        "Invalid value "
            + (value == null ? "(none)" : "'" + value + "'")
            + " for the Deep Lake option '"
            + key
            + "': expected "
            + expected
            + ".",
        null);
  }

  /** Two different refs were given (PATH@ref, ref, versionAsOf, VERSION AS OF). */
  static RuntimeException conflictingRefs(String where, String first, String key, String second) {
    return error(
        "DEEPLAKE_CONFLICTING_REFS",
        "42613",
        "Two versions were requested for "
            + where
            + ": '"
            + first
            + "' and '"
            + second
            + "' ("
            + key
            + "). Give the branch or commit once.",
        null);
  }

  /** A schema option was given to a scan of a table whose schema is already fixed. */
  static RuntimeException schemaOptionOnScan(String table, String key, String value) {
    return error(
        "DEEPLAKE_SCHEMA_OPTION_ON_SCAN",
        "42616",
        "The option '"
            + key
            + "'='"
            + value
            + "' changes the columns or version of "
            + table
            + ", which were fixed when the table was resolved. Set it on the catalog"
            + " (spark.sql.catalog.<name>."
            + key
            + "), use VERSION AS OF for versions, or read with"
            + " spark.read.format(\"deeplake\").option(...).",
        null);
  }

  /** The columns changed between resolving the table and planning the scan (a moving HEAD). */
  static RuntimeException schemaChanged(String dataset, String planned, String now) {
    return error(
        "DEEPLAKE_SCHEMA_CHANGED",
        "40000",
        "The columns of the Deep Lake dataset "
            + dataset
            + " changed after the query was analyzed (a writer changed the branch head): it was "
            + planned
            + ", it is now "
            + now
            + ". Run the query again, or read a commit id for a fixed version.",
        null);
  }

  /** A catalog identifier is not a single path. */
  static RuntimeException notAPathIdentifier(String ident) {
    return error(
        "DEEPLAKE_INVALID_IDENTIFIER",
        "42602",
        "The Deep Lake catalog reads datasets by path: write the path or URL as one quoted name,"
            + " e.g. deeplake.`/data/ds` or deeplake.`s3://bucket/ds`; got "
            + ident
            + ".",
        null);
  }

  /** A read gave a schema ({@code spark.read.schema(...)}) other than the dataset's columns. */
  static RuntimeException userSchema(
      String path,
      org.apache.spark.sql.types.StructType given,
      org.apache.spark.sql.types.StructType actual) {
    return error(
        "DEEPLAKE_USER_SPECIFIED_SCHEMA",
        "42K0E",
        "The deeplake source does not support user-specified schemas for reads: the dataset at "
            + path
            + " has the columns "
            + actual.simpleString()
            + ", not "
            + given.simpleString()
            + ". Drop .schema(...) and select or cast the columns instead.",
        null);
  }

  /** A DataFrame column has no tensor mapping (its type, or its htype settings). */
  static RuntimeException unsupportedColumn(String column, String type, String what) {
    return error(
        "DEEPLAKE_UNSUPPORTED_COLUMN",
        "0A000",
        "Cannot write column '"
            + column
            + "' ("
            + type
            + ") to Deep Lake: "
            + what
            + ". Writable: numbers and (nested) arrays of numbers (numeric htypes), strings (text,"
            + " or class_label with classNames."
            + column
            + "), binary files (htype."
            + column
            + "=image with sampleCompression."
            + column
            + ").",
        null);
  }

  /** A written column names no tensor of an existing dataset. */
  static RuntimeException columnNotATensor(String path, String column, List<String> tensors) {
    return error(
        "DEEPLAKE_COLUMN_NOT_A_TENSOR",
        "42703",
        "Cannot write column '"
            + column
            + "' to the Deep Lake dataset at "
            + path
            + ": it has no tensor of that name (tensors: "
            + tensors
            + "). Rename or drop the column; new tensors (mergeSchema) are not supported yet.",
        null);
  }

  /** A written column does not fit the htype of the existing tensor of its name. */
  static RuntimeException columnDoesNotFit(
      String path, String column, String htype, String problem) {
    return error(
        "DEEPLAKE_COLUMN_TYPE_MISMATCH",
        "42804",
        "Cannot write column '"
            + column
            + "' to the tensor of that name (htype "
            + htype
            + ") of the Deep Lake dataset at "
            + path
            + ": "
            + problem
            + ".",
        null);
  }

  /** Beginning or committing a write failed. */
  static RuntimeException cannotWrite(String path, String branch, Throwable cause) {
    return error(
        "DEEPLAKE_CANNOT_WRITE",
        "58030",
        "Cannot write the Deep Lake dataset at "
            + path
            + (branch == null ? "" : " (branch '" + branch + "')")
            + ": "
            + cause.getMessage(),
        cause);
  }

  /** An operation the catalog does not offer. */
  static UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException(
        "The Deep Lake catalog is read-only here: " + what + " is not supported.");
  }

  /** Throws {@code e} again, unchanged (an exception caught as {@code Exception}). */
  static RuntimeException rethrow(Exception e) {
    return DeepLakeErrors.<RuntimeException>raise(e);
  }

  /** The exception a factory throws (for tests of the messages). */
  static AnalysisException analysisException(
      String errorClass, String sqlState, String message, Throwable cause) {
    scala.collection.immutable.Map<String, String> params =
        scala.collection.immutable.Map$.MODULE$.<String, String>empty().updated("message", message);
    return new AnalysisException(
        errorClass, sqlState, "<message>", params, Option.apply(cause), Option.apply(message));
  }

  private static RuntimeException error(
      String errorClass, String sqlState, String message, Throwable cause) {
    return DeepLakeErrors.<RuntimeException>raise(
        analysisException(errorClass, sqlState, message, cause));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException raise(Throwable t) throws E {
    throw (E) t;
  }
}
