package org.deeplake4j.engine;

/**
 * A dataset address {@code PATH[@ref]}. The {@code @} marks a ref only after the last {@code /}, so
 * object-store URLs such as {@code abfs://container@account.dfs.core.windows.net/ds} keep their
 * {@code @}.
 *
 * @param path the dataset URL or path
 * @param ref the ref after {@code @}, or null
 */
public record DatasetPath(String path, String ref) {
  /** Splits {@code PATH@ref}. */
  public static DatasetPath parse(String address) {
    int slash = address.lastIndexOf('/');
    int at = address.indexOf('@', slash + 1);
    if (at < 0 || at == address.length() - 1) {
      return new DatasetPath(at < 0 ? address : address.substring(0, at), null);
    }
    return new DatasetPath(address.substring(0, at), address.substring(at + 1));
  }
}
