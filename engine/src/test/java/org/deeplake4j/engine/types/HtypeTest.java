package org.deeplake4j.engine.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.deeplake4j.engine.errors.UnknownHtypeException;
import org.deeplake4j.engine.internal.format.Htypes;
import org.junit.jupiter.api.Test;

/** The htype registry: names, classes, and the string views derived from it. */
class HtypeTest {
  @Test
  void everyHtypeOfDeepLake39ByItsName() {
    Set<String> names =
        Set.of(
            "generic",
            "image",
            "image.rgb",
            "image.gray",
            "class_label",
            "bbox",
            "bbox.3d",
            "intrinsics",
            "segment_mask",
            "binary_mask",
            "instance_label",
            "keypoints_coco",
            "point",
            "polygon",
            "embedding",
            "text",
            "json",
            "list",
            "tag",
            "audio",
            "video",
            "dicom",
            "nifti",
            "point_cloud",
            "mesh");
    assertThat(Htypes.KNOWN).containsExactlyInAnyOrderElementsOf(names);
    for (String n : names) {
      assertThat(Htype.of(n).pythonName()).isEqualTo(n);
      assertThat(Htype.of(n).toString()).isEqualTo(n);
    }
  }

  @Test
  void unknownNamesAreATypedError() {
    assertThatThrownBy(() -> Htype.of("image.cmyk"))
        .isInstanceOf(UnknownHtypeException.class)
        .hasMessageContaining("unknown htype 'image.cmyk'")
        .hasMessageContaining("class_label");
    assertThat(Htype.find("nope")).isEmpty();
    assertThat(Htype.find(null)).isEmpty();
    assertThat(Htype.ofStored(null)).isEqualTo(Htype.GENERIC);
  }

  @Test
  void classesMatchTheFormerStringSets() {
    assertThat(Htypes.IMAGES).containsExactlyInAnyOrder("image", "image.rgb", "image.gray");
    assertThat(Htypes.MEDIA)
        .containsExactlyInAnyOrder("audio", "video", "dicom", "nifti", "point_cloud", "mesh");
    for (Htype h : Htype.values()) {
      String n = h.pythonName();
      boolean list = n.equals("list") || n.equals("tag");
      assertThat(h.isListLike()).as(n).isEqualTo(list);
      assertThat(h.isTextLike()).as(n).isEqualTo(list || n.equals("text") || n.equals("json"));
      assertThat(h.isJsonLike()).as(n).isEqualTo(list || n.equals("json"));
      assertThat(h.valueKind() == Htype.ValueKind.NDARRAY)
          .as(n)
          .isEqualTo(!h.isTextLike() && h != Htype.POLYGON);
    }
    assertThat(Htype.TAG.emptySample()).isEqualTo(Htype.EmptySample.EMPTY_LIST);
    assertThat(Htype.JSON.emptySample()).isEqualTo(Htype.EmptySample.EMPTY_OBJECT);
    assertThat(Htype.TEXT.emptySample()).isEqualTo(Htype.EmptySample.EMPTY_STRING);
    assertThat(Htype.VIDEO.adapterHint()).isEqualTo(Htype.AdapterHint.FILE_BYTES);
    assertThat(Htype.EMBEDDING.adapterHint()).isEqualTo(Htype.AdapterHint.NESTED_NUMERIC);
  }

  @Test
  void float16() {
    assertThat(Float16.toFloat((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(Float16.toFloat((short) 0xC000)).isEqualTo(-2.0f);
    assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(Float16.toFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
  }
}
