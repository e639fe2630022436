package org.deeplake4j.engine.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageResolverTest {
  private final StorageResolver resolver = new StorageResolver();

  @Test
  void plainPathIsLocalStorage(@TempDir Path dir) throws Exception {
    Storage s = resolver.resolve(dir.toString(), Map.of(), false);
    assertThat(s).isInstanceOf(LocalStorage.class);
    assertThat(((LocalStorage) s).rootPath()).isEqualTo(dir.toAbsolutePath().normalize());
    s.put("x", "1".getBytes(UTF_8));
    assertThat(Files.readString(dir.resolve("x"))).isEqualTo("1");
  }

  @Test
  void relativePathIsResolvedAgainstTheWorkingDirectory() {
    Storage s = resolver.resolve("some/rel/ds", Map.of(), true);
    assertThat(s.root()).isEqualTo(Path.of("some/rel/ds").toAbsolutePath().normalize().toString());
    assertThat(s.isReadOnly()).isTrue();
  }

  @Test
  void fileUrlIsLocalStorage(@TempDir Path dir) {
    Storage s = resolver.resolve(dir.toUri().toString(), Map.of(), false);
    assertThat(s).isInstanceOf(LocalStorage.class);
    assertThat(s.root()).isEqualTo(dir.toAbsolutePath().normalize().toString());
  }

  @Test
  void readOnlyResolutionRefusesWrites(@TempDir Path dir) {
    Storage s = resolver.resolve(dir.toString(), Map.of(), true);
    assertThat(s.isReadOnly()).isTrue();
    assertThatThrownBy(() -> s.put("x", new byte[0]))
        .isInstanceOf(ReadOnlyStorageException.class)
        .hasMessage("storage " + s.root() + " is read-only: cannot put x");
    assertThat(Files.exists(dir.resolve("x"))).isFalse();
  }

  @Test
  void memoryUrlsShareOneStoragePerNameWithinOneResolver() {
    Storage a = resolver.resolve("mem://ds1", Map.of(), false);
    Storage again = resolver.resolve("mem://ds1", Map.of(), false);
    Storage other = resolver.resolve("mem://ds2", Map.of(), false);
    assertThat(a).isInstanceOf(MemoryStorage.class).isSameAs(again).isNotSameAs(other);
    assertThat(a.root()).isEqualTo("mem://ds1");
    a.put("k", "v".getBytes(UTF_8));
    Storage ro = resolver.resolve("mem://ds1", Map.of(), true);
    assertThat(ro.isReadOnly()).isTrue();
    assertThat(new String(ro.get("k"), UTF_8)).isEqualTo("v");
    assertThat(other.exists("k")).isFalse();
    Storage elsewhere = new StorageResolver().resolve("mem://ds1", Map.of(), false);
    assertThat(elsewhere).isNotSameAs(a);
    assertThat(elsewhere.exists("k")).isFalse();
  }

  @Test
  void activeloopHostedPathsAreUnsupported() {
    for (String url : new String[] {"hub://org/ds", "al://org/ds", "HUB://org/ds"}) {
      assertThatThrownBy(() -> resolver.resolve(url, Map.of(), true))
          .isInstanceOf(UnsupportedFormatException.class)
          .hasMessageStartingWith(url + ": Activeloop-hosted datasets")
          .hasMessageContaining("open the underlying s3://, gs:// or az:// path instead");
    }
  }

  @Test
  void unknownSchemeNamesTheImplOption() {
    assertThatThrownBy(() -> resolver.resolve("foo://bucket/ds", Map.of(), true))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage(
            "no storage backend for foo:// URLs; put one on the class path or name it with the"
                + " option storage.foo.impl");
  }

  @Test
  void providerLoadedByClassNameFromOptions() {
    Map<String, String> opts =
        Map.of("storage.custom.impl", TestStorageProvider.class.getName(), "endpoint", "e");
    Storage s = resolver.resolve("custom://bucket/path/ds", opts, false);
    assertThat(s.root()).isEqualTo("mem://bucket/path/ds");
    assertThat(TestStorageProvider.lastUrl.toString()).isEqualTo("custom://bucket/path/ds");
    assertThat(TestStorageProvider.lastOptions).containsEntry("endpoint", "e");
    assertThat(resolver.resolve("custom://bucket/path/ds", opts, true).isReadOnly()).isTrue();
  }

  @Test
  void providerFoundByServiceLoader() {
    Storage s = resolver.resolve("dl4jtest://b/ds", Map.of(), false);
    assertThat(s.root()).isEqualTo("mem://b/ds");
  }

  @Test
  void providerClassThatCannotBeLoadedIsAClearError() {
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    "custom://b/ds", Map.of("storage.custom.impl", "com.example.Missing"), true))
        .isInstanceOf(DeepLakeException.class)
        .hasMessageStartingWith("cannot load storage provider com.example.Missing for custom://")
        .hasMessageContaining("ClassNotFoundException");
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    "custom://b/ds", Map.of("storage.custom.impl", String.class.getName()), true))
        .isInstanceOf(DeepLakeException.class)
        .hasMessage("java.lang.String is not a " + StorageProvider.class.getName());
  }

  @Test
  void malformedUrlIsAClearError() {
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    "custom://b/a b",
                    Map.of("storage.custom.impl", TestStorageProvider.class.getName()),
                    true))
        .isInstanceOf(DeepLakeException.class)
        .hasMessageStartingWith("not a valid URL: ")
        .hasMessageContaining("custom://b/a b");
  }

  @Test
  void schemeOfParsesOnlyRealSchemes() {
    assertThat(StorageResolver.schemeOf("s3://b/p")).isEqualTo("s3");
    assertThat(StorageResolver.schemeOf("S3A://b/p")).isEqualTo("s3a");
    assertThat(StorageResolver.schemeOf("gcs+x://b")).isEqualTo("gcs+x");
    assertThat(StorageResolver.schemeOf("/data/ds")).isEmpty();
    assertThat(StorageResolver.schemeOf("rel/ds")).isEmpty();
    assertThat(StorageResolver.schemeOf("://nothing")).isEmpty();
    assertThat(StorageResolver.schemeOf("/a/b://c")).isEmpty();
    assertThat(StorageResolver.schemeOf("C:\\data\\ds")).isEmpty();
  }
}
