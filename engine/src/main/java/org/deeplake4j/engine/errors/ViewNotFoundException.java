package org.deeplake4j.engine.errors;

/** No view with the given id is saved in the dataset (Python's {@code KeyError} of load_view). */
public class ViewNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;
  private final String id;

  public ViewNotFoundException(String id, String datasetPath) {
    super("no view with id '" + id + "' is saved in " + datasetPath + " (see Dataset.views())");
    this.id = id;
  }

  /** The id that was asked for. */
  public String id() {
    return id;
  }
}
