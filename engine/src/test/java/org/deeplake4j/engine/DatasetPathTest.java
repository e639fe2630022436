package org.deeplake4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetPathTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "NULL",
      value = {
        "/a/b@main, /a/b, main",
        "/a/b, /a/b, NULL",
        "/a/b@0123456789abcdef0123456789abcdef01234567, /a/b,"
            + " 0123456789abcdef0123456789abcdef01234567",
        "abfs://c@acct.dfs.core.windows.net/ds, abfs://c@acct.dfs.core.windows.net/ds, NULL",
        "abfs://c@acct.dfs.core.windows.net/ds@alt, abfs://c@acct.dfs.core.windows.net/ds, alt",
        "s3://b/p@, s3://b/p, NULL",
        "s3://b/p@v1@v2, s3://b/p, v1@v2",
        "mem://x@dev, mem://x, dev",
        "ds@main, ds, main",
        "/a@b/c, /a@b/c, NULL",
      })
  void splitsTheRefAfterTheLastSlash(String address, String path, String ref) {
    DatasetPath p = DatasetPath.parse(address);
    assertThat(p.path()).isEqualTo(path);
    assertThat(p.ref()).isEqualTo(ref);
  }
}
