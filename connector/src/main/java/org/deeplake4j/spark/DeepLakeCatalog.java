package org.deeplake4j.spark;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;

/**
 * A catalog of Deep Lake datasets addressed by path, for SQL:
 *
 * <pre>
 * spark.sql.catalog.deeplake = org.deeplake4j.spark.DeepLakeCatalog
 * SELECT * FROM deeplake.`/data/ds`
 * SELECT * FROM deeplake.`s3://bucket/ds` VERSION AS OF 'branch-or-commit'
 * SELECT * FROM deeplake.`/data/ds` TIMESTAMP AS OF '2024-05-01 12:00:00'
 * </pre>
 *
 * <p>A table name is one identifier part: the dataset's path or URL (a {@code PATH@ref} suffix
 * works too). Catalog settings {@code spark.sql.catalog.<name>.<option>} are the default read
 * options of every table (storage credentials, {@code includeHidden}, ...). Existing datasets take
 * {@code INSERT INTO}, {@code INSERT OVERWRITE} and {@code writeTo(...).append()} ({@link
 * DeepLakeWrite}, columns by name); creating, altering, dropping and renaming are refused.
 * Thread-safe (no mutable state after {@link #initialize}).
 */
public final class DeepLakeCatalog implements TableCatalog {
  private String name = DeepLakeDataSource.SHORT_NAME;
  private Map<String, String> defaults = Map.of();

  @Override
  public void initialize(String catalogName, CaseInsensitiveStringMap options) {
    this.name = catalogName;
    this.defaults = Map.copyOf(options.asCaseSensitiveMap());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Identifier[] listTables(String[] namespace) {
    return new Identifier[0];
  }

  @Override
  public Table loadTable(Identifier ident) {
    return DeepLakeTable.load(pathOf(ident), defaults);
  }

  /** {@code VERSION AS OF 'ref'}: a branch name or commit id (overrides a catalog default ref). */
  @Override
  public Table loadTable(Identifier ident, String version) {
    Map<String, String> o = withoutRef(defaults);
    o.put(DeepLakeOptions.REF, version);
    return DeepLakeTable.load(pathOf(ident), o);
  }

  /**
   * {@code TIMESTAMP AS OF t}: the last commit at or before {@code t} on the history of the default
   * ref ({@code main} unless set), compared with commit times as Python deeplake writes them.
   */
  @Override
  public Table loadTable(Identifier ident, long timestampMicros) {
    String path = pathOf(ident);
    DeepLakeOptions o = DeepLakeOptions.parse(path, defaults);
    Instant at = Instant.EPOCH.plus(timestampMicros, ChronoUnit.MICROS);
    String commit;
    try (Dataset ds = DeepLakeSnapshot.open(o)) {
      try {
        ds.checkout(at);
      } catch (NotFoundException e) {
        throw DeepLakeErrors.refNotFound(o.path(), "at or before " + at, ds.branches());
      } catch (DeepLakeException e) {
        throw DeepLakeErrors.cannotRead(o.path(), o.ref(), e);
      }
      commit = ds.nodeId();
    }
    Map<String, String> m = withoutRef(defaults);
    m.put(DeepLakeOptions.REF, commit);
    return DeepLakeTable.load(pathWithoutRef(path), m);
  }

  @Override
  public boolean tableExists(Identifier ident) {
    try {
      loadTable(ident);
      return true;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // The AnalysisException of DeepLakeErrors (thrown without a throws clause).
      if (e instanceof AnalysisException a
          && "DEEPLAKE_DATASET_NOT_FOUND".equals(a.getCondition())) {
        return false;
      }
      throw DeepLakeErrors.rethrow(e);
    }
  }

  private static String pathOf(Identifier ident) {
    if (ident.namespace().length != 0 || ident.name().isBlank()) {
      throw DeepLakeErrors.notAPathIdentifier(ident.toString());
    }
    return ident.name();
  }

  private static String pathWithoutRef(String path) {
    return org.deeplake4j.engine.DatasetPath.parse(path).path();
  }

  private static Map<String, String> withoutRef(Map<String, String> options) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (!k.equals(DeepLakeOptions.REF)
          && !k.equals(DeepLakeOptions.VERSION_AS_OF.toLowerCase(Locale.ROOT))) {
        m.put(e.getKey(), e.getValue());
      }
    }
    return m;
  }

  @Override
  public Table alterTable(Identifier ident, TableChange... changes) {
    throw DeepLakeErrors.unsupported("ALTER TABLE");
  }

  @Override
  public boolean dropTable(Identifier ident) {
    throw DeepLakeErrors.unsupported("DROP TABLE");
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    throw DeepLakeErrors.unsupported("ALTER TABLE ... RENAME");
  }
}
