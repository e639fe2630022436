package org.deeplake4j.engine.errors;

/** An htype name Deep Lake 3.x does not define (see {@code types.Htype}). */
public class UnknownHtypeException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  private final String htype;

  /**
   * @param htype the unknown name
   * @param known the names that are defined, comma-separated
   */
  public UnknownHtypeException(String htype, String known) {
    super("unknown htype '" + htype + "': Deep Lake 3.x defines " + known);
    this.htype = htype;
  }

  /** The unknown name. */
  public String htype() {
    return htype;
  }
}
