package org.deeplake4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.HubJson;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.TensorMetadata;
import org.junit.jupiter.api.Test;

/**
 * The public tensor API the connector and CLI use ({@link Tensor#metadata()}, {@link
 * Tensor#chunkRowOf}, {@link Tensor#isTiled}, {@link Tensor#itemJsonDecoded}) answers what the
 * internal meta and chunk-id encoder answer, for every tensor of every fixture.
 */
class TensorMetadataTest {
  @Test
  @SuppressWarnings("deprecation")
  void agreesWithTheInternalMetaOnEveryFixtureTensor() {
    int tensors = 0;
    for (Path c : Fixtures.cases()) {
      try (Dataset ds = Dataset.open(c.resolve("dataset").toString())) {
        for (String name : ds.tensorNames(true)) {
          Tensor t = ds.tensor(name);
          TensorMeta m = t.meta();
          TensorMetadata md = t.metadata();
          String where = c.getFileName() + "/" + name;
          assertThat(md.name()).as(where).isEqualTo(t.name());
          assertThat(md.key()).as(where).isEqualTo(t.key());
          assertThat(md.htype()).as(where).isEqualTo(Htype.of(m.baseHtype()));
          assertThat(md.htype()).as(where).isEqualTo(t.baseType());
          assertThat(md.displayHtype()).as(where).isEqualTo(t.htype());
          assertThat(md.dtypeName()).as(where).isEqualTo(m.dtype());
          assertThat(md.dtype()).as(where).isEqualTo(t.dtype());
          assertThat(md.sampleCompression()).as(where).isEqualTo(m.sampleCompression());
          assertThat(md.chunkCompression()).as(where).isEqualTo(m.chunkCompression());
          assertThat(md.maxChunkSize()).as(where).isEqualTo(m.effectiveMaxChunkSize());
          assertThat(md.tilingThreshold()).as(where).isEqualTo(m.effectiveTilingThreshold());
          assertThat(md.minShape()).as(where).isEqualTo(m.minShape());
          assertThat(md.maxShape()).as(where).isEqualTo(m.maxShape());
          assertThat(md.isFixedShape()).as(where).isEqualTo(m.isFixedShape());
          assertThat(md.classNames()).as(where).isEqualTo(t.classNames());
          assertThat(md.isHidden()).as(where).isEqualTo(t.isHidden());
          assertThat(md.isSequence()).as(where).isEqualTo(t.isSequence());
          assertThat(md.isLink()).as(where).isEqualTo(t.isLink());
          assertThat(md.length()).as(where).isEqualTo(t.length());
          assertThat(md.numItems()).as(where).isEqualTo(t.numItems());
          assertThat(md.numChunks()).as(where).isEqualTo(t.numChunks());
          assertThat(md).as(where).isEqualTo(t.metadata());
          ChunkIdEncoder enc = t.chunkIdEncoder();
          for (long i = 0; i < Math.min(t.numItems(), 50); i++) {
            assertThat(t.chunkRowOf(i)).as(where).isEqualTo(enc.rowOf(i));
            assertThat(t.isTiled(i)).as(where).isEqualTo(enc.rowsWithSameLast(enc.rowOf(i)) > 1);
            if (md.htype().isJsonLike() && !t.isLink()) {
              assertThat(t.itemJsonDecoded(i))
                  .as(where)
                  .isEqualTo(HubJson.decodeArrays(t.itemJson(i)));
            }
          }
          tensors++;
        }
      }
    }
    assertThat(tensors).isGreaterThan(20);
  }
}
