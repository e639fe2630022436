package org.deeplake4j.spark;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.TensorMetadata;

/**
 * The mapping of tensors to Spark columns ({@link #toSpark}); the README's "Spark type mapping"
 * table states it for users. Decided from the tensor's metadata only, so the driver and every
 * executor derive the same column from the same version.
 */
final class SparkTypes {
  /** Column metadata key: the tensor's htype as Python reports it. */
  static final String HTYPE_KEY = "deeplake.htype";

  /** Column metadata key: the tensor's stored dtype. */
  static final String DTYPE_KEY = "deeplake.dtype";

  /** Column metadata key: the full tensor name ({@code group/name}). */
  static final String TENSOR_KEY = "deeplake.tensor";

  /** Column metadata key: class names of a class_label tensor. */
  static final String CLASS_NAMES_KEY = "deeplake.class_names";

  /** Column metadata key: the tensor's per-sample compression (absent when none). */
  static final String SAMPLE_COMPRESSION_KEY = "deeplake.sample_compression";

  /** Column metadata key: the tensor's chunk compression (absent when none). */
  static final String CHUNK_COMPRESSION_KEY = "deeplake.chunk_compression";

  /**
   * A decoded image ({@code decodeImages}), field for field Spark's image data source schema
   * ({@code ImageSchema.columnSchema}): origin, height, width, nChannels, mode (the OpenCV type:
   * {@value #CV_8UC1}, {@value #CV_8UC3} or {@value #CV_8UC4}) and data (row-major pixel bytes,
   * channels in OpenCV's BGR / BGRA order).
   */
  static final StructType IMAGE =
      new StructType(
          new StructField[] {
            new StructField("origin", DataTypes.StringType, true, Metadata.empty()),
            new StructField("height", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("width", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("nChannels", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("mode", DataTypes.IntegerType, false, Metadata.empty()),
            new StructField("data", DataTypes.BinaryType, false, Metadata.empty())
          });

  /** OpenCV type of 8-bit one-channel images. */
  static final int CV_8UC1 = 0;

  /** OpenCV type of 8-bit three-channel (BGR) images. */
  static final int CV_8UC3 = 16;

  /** OpenCV type of 8-bit four-channel (BGRA) images. */
  static final int CV_8UC4 = 24;

  /** The type of a {@code <tensor>_shape} column for one item: the dimensions. */
  static final DataType SHAPE = DataTypes.createArrayType(DataTypes.LongType, false);

  /** Sample compressions {@code decodeImages} decodes (with the JDK's ImageIO). */
  static final java.util.Set<String> DECODABLE_IMAGES =
      java.util.Set.of("png", "jpeg", "bmp", "dib", "gif", "tiff");

  /** uint64 as Spark has no unsigned 64-bit integer. */
  static final DecimalType UINT64 = DataTypes.createDecimalType(20, 0);

  private SparkTypes() {}

  /** How the samples of a tensor become Spark values. */
  enum Kind {
    /** Numbers: a scalar ({@code ndim == 0}) or nested arrays of {@code ndim} levels. */
    NUMERIC,
    /** UTF-8 text. */
    TEXT,
    /** A JSON value as JSON text. */
    JSON,
    /** A JSON list as an array of strings. */
    LIST,
    /** class_label by name: string, or nested arrays of strings. */
    CLASS_NAME,
    /** Polygons: array (polygons) of array (points) of array (coordinates). */
    POLYGON,
    /** Stored bytes of an image or media sample. */
    BINARY,
    /** A decoded image as {@link SparkTypes#IMAGE} (option decodeImages). */
    IMAGE,
    /** The link string of a link tensor. */
    LINK,
    /** The bytes of the linked file (option decodeLinks). */
    LINK_BYTES,
    /** A JSON value as Spark's variant (option jsonAsVariant). */
    VARIANT,
    /** A tensor with no samples and no dtype: always null. */
    NONE
  }

  /**
   * One tensor as a column.
   *
   * @param tensor the full tensor name
   * @param kind how samples convert
   * @param dtype numeric dtype (null unless NUMERIC / POLYGON)
   * @param ndim array levels of one item (0 = scalar); includes the extra level of complex values
   * @param sequence whether rows are sequences of items
   * @param classNames class names (CLASS_NAME only)
   * @param itemType the Spark type of one item
   * @param dataType the Spark type of one row (an array of items for sequences)
   * @param metadata column metadata (htype, dtype, tensor name, class names)
   * @param fixedShape the shape every item has (min_shape == max_shape, no zero dimension), or null
   *     when shapes vary
   */
  record TensorColumn(
      String tensor,
      Kind kind,
      Dtype dtype,
      int ndim,
      boolean sequence,
      List<String> classNames,
      DataType itemType,
      DataType dataType,
      Metadata metadata,
      long[] fixedShape) {

    /** Whether rows are single numbers (read into primitive slots, columnar capable). */
    boolean isScalar() {
      return kind == Kind.NUMERIC && ndim == 0 && !sequence;
    }

    /**
     * Whether the column can be read into Arrow vectors: scalar numbers and numeric arrays of one
     * fixed shape (in bulk), and text (sample by sample); not sequences, uint64 (decimal) or
     * complex values.
     */
    boolean isColumnar() {
      if (kind == Kind.TEXT && !sequence) {
        return true;
      }
      if (kind != Kind.NUMERIC || sequence || dtype == Dtype.UINT64) {
        return false;
      }
      if (dtype == Dtype.COMPLEX64 || dtype == Dtype.COMPLEX128) {
        return false;
      }
      return ndim == 0 || fixedShape != null && fixedShape.length == ndim;
    }
  }

  /** The column of tensor {@code t} under {@code options}. */
  static TensorColumn toSpark(Tensor t, DeepLakeOptions options) {
    TensorMetadata m = t.metadata();
    Htype h = m.htype();
    Dtype dtype = t.dtype();
    MetadataBuilder md = new MetadataBuilder().putString(HTYPE_KEY, t.htype());
    md.putString(TENSOR_KEY, t.name());
    if (m.dtypeName() != null) {
      md.putString(DTYPE_KEY, m.dtypeName());
    }
    if (m.sampleCompression() != null) {
      md.putString(SAMPLE_COMPRESSION_KEY, m.sampleCompression());
    }
    if (m.chunkCompression() != null) {
      md.putString(CHUNK_COMPRESSION_KEY, m.chunkCompression());
    }
    List<String> names = t.classNames();
    if (h == Htype.CLASS_LABEL && !names.isEmpty()) {
      md.putStringArray(CLASS_NAMES_KEY, names.toArray(new String[0]));
    }
    boolean scalar = m.isScalar();
    int ndim = m.ndim();
    Kind kind;
    DataType item;
    List<String> classNames = List.of();
    if (options.decodeImages().includes(t.name()) && decodesImages(t, options)) {
      kind = Kind.IMAGE;
      item = IMAGE;
    } else if (t.isLink() && options.decodeLinks().includes(t.name())) {
      kind = Kind.LINK_BYTES;
      item = DataTypes.BinaryType;
    } else if (t.isLink()) {
      kind = Kind.LINK;
      item = DataTypes.StringType;
    } else if (h == Htype.TEXT) {
      kind = Kind.TEXT;
      item = DataTypes.StringType;
    } else if (h == Htype.JSON && options.jsonAsVariant()) {
      kind = Kind.VARIANT;
      item = DataTypes.VariantType;
    } else if (h == Htype.JSON) {
      kind = Kind.JSON;
      item = DataTypes.StringType;
    } else if (h.isListLike()) {
      kind = Kind.LIST;
      item = DataTypes.createArrayType(DataTypes.StringType, false);
    } else if (isBinary(m)) {
      kind = Kind.BINARY;
      item = DataTypes.BinaryType;
    } else if (dtype == null) {
      kind = Kind.NONE;
      item = DataTypes.NullType;
    } else if (h == Htype.POLYGON) {
      kind = Kind.POLYGON;
      item = nest(element(dtype), 3);
    } else if (h == Htype.CLASS_LABEL
        && options.classLabels() == DeepLakeOptions.ClassLabels.NAME
        && !names.isEmpty()) {
      kind = Kind.CLASS_NAME;
      classNames = names;
      ndim = scalar ? 0 : ndim;
      // An index outside class_names reads as null, so names in arrays are nullable.
      item = ndim == 0 ? DataTypes.StringType : nestNullableLeaves(ndim);
    } else {
      kind = Kind.NUMERIC;
      ndim = (scalar ? 0 : ndim) + (isComplex(dtype) ? 1 : 0);
      DataType e = h == Htype.CLASS_LABEL ? DataTypes.IntegerType : element(dtype);
      item = nest(e, ndim);
    }
    DataType row = t.isSequence() ? DataTypes.createArrayType(item, true) : item;
    return new TensorColumn(
        t.name(),
        kind,
        kind == Kind.NUMERIC || kind == Kind.POLYGON ? dtype : null,
        kind == Kind.NUMERIC || kind == Kind.CLASS_NAME ? ndim : kind == Kind.POLYGON ? 3 : 0,
        t.isSequence(),
        classNames,
        item,
        row,
        md.build(),
        fixed(m));
  }

  /**
   * Whether {@code decodeImages} decodes tensor {@code t}: an image htype (stored or linked) of
   * uint8 pixels in a format the JDK decodes. A tensor the option names explicitly, or an image
   * tensor it covers with {@code true}, that cannot be decoded is an error (raised on the driver
   * while the table is resolved); other tensors under {@code true} are read as usual.
   *
   * @throws org.apache.spark.sql.AnalysisException (DEEPLAKE_CANNOT_DECODE)
   */
  private static boolean decodesImages(Tensor t, DeepLakeOptions options) {
    TensorMetadata m = t.metadata();
    boolean image = m.htype().isImage();
    if (!image && !options.decodeImages().names(t.name())) {
      return false;
    }
    String problem = null;
    if (!image) {
      problem =
          "only image tensors (image, image.rgb, image.gray, link[image] and sequences of them)"
              + " decode to Spark's image struct";
    } else if (t.dtype() != null && t.dtype() != Dtype.UINT8) {
      problem =
          "its pixels are "
              + t.dtype().numpyName()
              + ", and Spark's image struct holds 8-bit pixels (OpenCV CV_8UC1/3/4)";
    } else if (!t.isLink()) {
      String sc = m.sampleCompression();
      String codec = sc != null ? sc : m.hasImageChunks() ? m.chunkCompression() : null;
      if (codec != null && !DECODABLE_IMAGES.contains(codec)) {
        problem =
            "its samples are "
                + codec
                + " files, which the JDK cannot decode (decodable: "
                + String.join(", ", new java.util.TreeSet<>(DECODABLE_IMAGES))
                + ")";
      }
    }
    if (problem != null) {
      throw DeepLakeErrors.cannotDecode(
          options.path(), t.name(), t.htype(), DeepLakeOptions.DECODE_IMAGES, problem);
    }
    return true;
  }

  /** The column type of {@code t}'s {@code <tensor>_shape} column. */
  static DataType shapeType(Tensor t) {
    return t.isSequence() ? DataTypes.createArrayType(SHAPE, true) : SHAPE;
  }

  private static long[] fixed(TensorMetadata m) {
    if (!m.isFixedShape() || m.maxShape().length == 0) {
      return null;
    }
    for (long d : m.maxShape()) {
      if (d == 0) {
        return null;
      }
    }
    return m.maxShape();
  }

  /** Image and media tensors, and any tensor whose samples are compressed files. */
  private static boolean isBinary(TensorMetadata m) {
    return m.htype().adapterHint() == Htype.AdapterHint.FILE_BYTES || m.hasFileSamples();
  }

  private static boolean isComplex(Dtype d) {
    return d == Dtype.COMPLEX64 || d == Dtype.COMPLEX128;
  }

  /** The Spark type of one element of {@code d}. */
  static DataType element(Dtype d) {
    return switch (d) {
      case BOOL -> DataTypes.BooleanType;
      case INT8 -> DataTypes.ByteType;
      case INT16, UINT8 -> DataTypes.ShortType;
      case INT32, UINT16 -> DataTypes.IntegerType;
      case INT64, UINT32 -> DataTypes.LongType;
      case UINT64 -> UINT64;
      case FLOAT16, FLOAT32, COMPLEX64 -> DataTypes.FloatType;
      case FLOAT64, COMPLEX128 -> DataTypes.DoubleType;
    };
  }

  private static DataType nest(DataType e, int levels) {
    DataType t = e;
    for (int i = 0; i < levels; i++) {
      t = DataTypes.createArrayType(t, false);
    }
    return t;
  }

  private static DataType nestNullableLeaves(int levels) {
    DataType t = DataTypes.createArrayType(DataTypes.StringType, true);
    for (int i = 1; i < levels; i++) {
      t = DataTypes.createArrayType(t, false);
    }
    return t;
  }
}
