package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.deeplake4j.engine.internal.views.SavedViews;

/**
 * A view saved in a dataset: one entry of its {@code queries.json} (Python's {@code ViewEntry}).
 * Load it with {@link Dataset#loadView}.
 *
 * @param id the view's id
 * @param message the message it was saved with ("" without one, as Python)
 * @param commitId the commit of the dataset the view's rows belong to ({@code
 *     source-dataset-version})
 * @param virtual true for a view stored as row indices, false for a materialized (optimized) one
 * @param query the query the view came from ({@code query}: Python's filter source or a Java TQL
 *     query), informational
 * @param tqlQuery a TQL query Python applies to the stored rows when loading ({@code tql_query})
 * @param sourceDataset the path of the dataset the view was saved from ({@code source-dataset})
 * @param folder where the view's dataset lives, relative to the dataset root: {@code .queries/} and
 *     its {@code path} (optimized later by Python) or id
 * @param info the whole entry, as stored (a copy)
 */
public record ViewEntry(
    String id,
    String message,
    String commitId,
    boolean virtual,
    Optional<String> query,
    Optional<String> tqlQuery,
    String sourceDataset,
    String folder,
    ObjectNode info) {

  public ViewEntry {
    info = info.deepCopy();
  }

  /** The public form of a saved view's entry. */
  static ViewEntry of(SavedViews.SavedView v) {
    return new ViewEntry(
        v.id(),
        v.message(),
        v.commitId(),
        v.virtual(),
        v.query(),
        v.tqlQuery(),
        v.sourceDataset(),
        v.folder(),
        v.info());
  }

  @Override
  public ObjectNode info() {
    return info.deepCopy();
  }

  /** Seconds since the epoch when the view was saved ({@code created_at}), or NaN. */
  public double createdAt() {
    JsonNode t = info.get("created_at");
    return t != null && t.isNumber() ? t.asDouble() : Double.NaN;
  }

  /** Whether the view is materialized ({@code optimize}); the opposite of {@link #virtual}. */
  public boolean optimized() {
    return !virtual;
  }

  @Override
  public String toString() {
    return "ViewEntry(id="
        + id
        + ", message="
        + message
        + ", virtual="
        + virtual
        + ", commit="
        + commitId
        + query.map(q -> ", query=" + q).orElse("")
        + tqlQuery.map(q -> ", tql_query=" + q).orElse("")
        + ")";
  }
}
