package org.deeplake4j.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.InvalidValueException;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API never changes a value silently: {@code append}, {@code extend}, {@code update} and
 * row appends refuse a value the tensor's dtype cannot hold as given with an {@link
 * InvalidValueException} naming the tensor, the row and the value, and write nothing (the dataset
 * reads as before, also after a flush and reopening). One test per class of such values, the same
 * classes as {@code deeplake import} refuses (the rule is the engine's, {@code SampleValues});
 * {@link ValuesPythonTest} compares each decision with Python deeplake 3.9.52.
 */
class ChangedValuesTest {
  @TempDir Path dir;

  private String path;
  private Dataset ds;

  @BeforeEach
  void dataset() {
    path = dir.resolve("ds").toString();
    ds = Dataset.create(path);
    for (String d :
        List.of("int64", "int32", "uint8", "uint64", "float16", "float32", "float64", "bool")) {
      ds.createTensor(d, TensorSpec.generic().withDtype(d));
    }
    ds.createTensor("any", TensorSpec.generic());
    ds.createTensor("txt", TensorSpec.of("text"));
    ds.createTensor("js", TensorSpec.of("json"));
    ds.createTensor("lst", TensorSpec.of("list"));
    ds.createTensor("tags", TensorSpec.of("tag"));
    ds.createTensor("lbl", TensorSpec.of("class_label").withClassNames(List.of("cat")));
    ds.createTensor("words", TensorSpec.of("sequence[text]"));
    ds.createTensor("lnk", TensorSpec.of("link[image]").withVerify(false));
    ds.tensor("int64").append(7L);
    ds.tensor("float32").append(0.5);
    ds.tensor("txt").append("kept");
    ds.padTensors();
    ds.flush();
  }

  @AfterEach
  void close() {
    ds.close();
  }

  /** What the dataset holds, to compare before and after a refusal. */
  private String state(Dataset d) {
    StringBuilder b = new StringBuilder();
    for (String n : d.tensorNames()) {
      Tensor t = d.tensor(n);
      b.append(n).append(' ').append(t.length()).append(' ').append(t.info()).append('\n');
    }
    b.append(d.tensor("int64").numpy(0)).append(d.tensor("float32").numpy(0));
    return b.append(d.tensor("txt").text(0)).toString();
  }

  /**
   * {@code write} fails with an {@link InvalidValueException} whose message contains {@code where}
   * (tensor and row) and {@code message}, and the dataset is as it was.
   */
  private void refused(ThrowingCallable write, String where, String message) {
    String before = state(ds);
    assertThatThrownBy(write)
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith(where)
        .hasMessageContaining(message);
    assertThat(state(ds)).as(where + message).isEqualTo(before);
    ds.flush();
    try (Dataset reopened = Dataset.open(path)) {
      assertThat(state(reopened)).as(where + message).isEqualTo(before);
    }
  }

  private void append(String tensor, Object value, String message) {
    refused(() -> ds.tensor(tensor).append(value), "tensor '" + tensor + "' row 1: ", message);
  }

  private static NdArray doubles(double... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(v);
    return NdArray.of(Dtype.FLOAT64, new long[] {v.length}, b.array());
  }

  @Test
  void floatsThatOverflowTheirDtypeAreRefused() {
    append(
        "float32",
        1e300,
        "number 1.0E300 is out of range for float32 (it would become Infinity;"
            + " the largest finite float32 is 3.4028235e38)");
    append("float32", new double[] {0.5, -1e300}, "number -1.0E300 is out of range for float32");
    append("float32", List.of(3.5e38), "number 3.5E38 is out of range for float32");
    append("float16", 70000.5f, "number 70000.5 is out of range for float16");
    append("float16", doubles(1, 65520), "number 65520.0 is out of range for float16");
    append("float64", new BigDecimal("1e400"), "number 1E+400 is out of range for float64");
    append("any", List.of(1.5, new BigDecimal("-2e999")), "number -2E+999 is out of range");
    refused(
        () -> ds.tensor("float32").extend(doubles(0.5, 1, 2e300)),
        "tensor 'float32' row 3: ",
        "number 2.0E300 is out of range for float32");
  }

  /** Tensor.extend(List) is all or nothing: a refused value leaves the earlier ones unwritten. */
  @Test
  void extendOfAListChecksEveryValueBeforeWritingAny() {
    refused(
        () -> ds.tensor("float32").extend(List.of(0.5, 2.0, 1e300)),
        "tensor 'float32' row 3: ",
        "number 1.0E300 is out of range for float32");
    refused(
        () -> ds.tensor("txt").extend(List.of("fine", "bad \ud800")),
        "tensor 'txt' row 2: ",
        "lone UTF-16 surrogate");
  }

  @Test
  void integersAFloatDtypeCannotHoldExactlyAreRefused() {
    append(
        "float32",
        16777217,
        "16777217 cannot be stored exactly as float32 (it would become 16777216)");
    append("float16", new int[] {1, 2049}, "2049 cannot be stored exactly as float16");
    append(
        "float64",
        9007199254740993L,
        "9007199254740993 cannot be stored exactly as float64 (it would become 9007199254740992)");
    append(
        "float32",
        BigInteger.TEN.pow(40),
        "1" + "0".repeat(40) + " cannot be stored exactly as float32 (it is out of range)");
    append("any", List.of(0.5, 9007199254740993L), "9007199254740993 cannot be stored");
  }

  @Test
  void booleansIntoNumericTensorsAreRefused() {
    append(
        "int64",
        true,
        "expected numbers (dtype int64), found boolean true: booleans go only into bool tensors");
    append("float32", new boolean[] {false}, "found boolean false: booleans go only into bool");
    append("uint8", List.of(List.of(1, true)), "found boolean true");
    append("lbl", true, "found boolean true: booleans go only into bool");
    append("any", List.of(true, 2), "found true among numbers: booleans go only into bool");
    append("bool", 1, "expected true or false (dtype bool), found number 1");
  }

  @Test
  void integersOutOfTheirDtypesRangeAreRefused() {
    append("uint8", 300, "300 is out of range for uint8 [0, 255]");
    append("uint8", new int[] {-1}, "-1 is out of range for uint8 [0, 255]");
    append("int32", 2147483648L, "2147483648 is out of range for int32");
    append("int64", BigInteger.ONE.shiftLeft(63), "9223372036854775808 is out of range");
    append("uint64", -1, "-1 is out of range for uint64");
    append("lbl", -1, "-1 is out of range for uint32");
    append("lbl", List.of("cat", -1L), "-1 is out of range for uint32");
    append("any", List.of(1, BigInteger.ONE.shiftLeft(64)), "does not fit int64 or uint64");
    ByteBuffer bb = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(256);
    NdArray big = NdArray.of(Dtype.INT64, new long[] {2}, bb.array());
    refused(() -> ds.tensor("uint8").extend(big), "tensor 'uint8' row 2: ", "256 is out of range");
  }

  @Test
  void nonIntegersIntoIntegerTensorsAreRefused() {
    append("int32", 1.5, "expected integers (dtype int32), found number 1.5");
    append("int64", List.of(2.0), "expected integers (dtype int64), found number 2.0");
    append("int64", Double.NaN, "found number NaN");
    append("uint8", new float[] {Float.NEGATIVE_INFINITY}, "found number -Infinity");
    append("lbl", List.of(1.5), "expected integers (dtype uint32), found number 1.5");
    append("lbl", List.of("cat", 1.5), "expected integers (dtype uint32), found number 1.5");
    refused(
        () -> ds.tensor("int64").update(0, 2.5),
        "tensor 'int64' row 0: ",
        "expected integers (dtype int64), found number 2.5");
  }

  @Test
  void stringsWithALoneSurrogateAreRefusedInEveryTensor() {
    String lone = "holds a lone UTF-16 surrogate ";
    append("txt", "a\ud800b", "string \"a\\ud800b\" " + lone + "\\ud800 at index 1: it is not");
    append("txt", "\ud83d\ude00\ud83d", lone + "\\ud83d at index 2");
    append("js", Map.of("k", List.of("\udfff")), "string \"\\udfff\" " + lone);
    append("js", Map.of("\ud800", 1), "key \"\\ud800\" " + lone);
    append("js", JsonNodeFactory.instance.textNode("\ud800"), lone);
    append("lst", List.of("x", "\ud800"), lone);
    append("tags", "\ud800", lone);
    append("lbl", "\ud800", lone);
    append("lbl", List.of("cat", "dog\ud800"), "string \"dog\\ud800\" " + lone);
    append("lnk", "/tmp/\ud800.png", lone);
    refused(
        () -> ds.tensor("words").append(List.of("a", "\ud800")),
        "tensor 'words' row 1 item 1: ",
        lone);
    refused(
        () -> ds.tensor("txt").update(0, "\udc00"),
        "tensor 'txt' row 0: ",
        "string \"\\udc00\" " + lone);
  }

  @Test
  void aRefusedValueRefusesItsWholeRow() {
    refused(
        () -> ds.append(Map.of("int64", 8L, "txt", "fine", "float32", 1e300)),
        "tensor 'float32' row 1: ",
        "out of range for float32");
    refused(
        () -> ds.append(Map.of("lbl", "dog", "txt", "\ud800")),
        "tensor 'txt' row 1: ",
        "lone UTF-16 surrogate");
    assertThat(ds.tensor("lbl").classNames()).containsExactly("cat");
  }

  @Test
  void valuesTheTensorHoldsAsGivenOrByRoundingAreKept() {
    ds.tensor("float32").append(new double[] {0.1, 1e-300, 16777217.0, Double.NaN});
    ds.tensor("float32").append(new long[] {70000, 16777216});
    ds.tensor("float16").append(List.of(65504, 0.1, 1e-8));
    ds.tensor("float64").append(List.of(9007199254740992L, 1e308));
    ds.tensor("uint8").append(new int[] {255, 0});
    ds.tensor("uint64").append(new BigInteger("18446744073709551615"));
    ds.tensor("int64").append(Long.MIN_VALUE);
    ds.tensor("bool").append(List.of(true));
    ds.tensor("lbl").append(List.of("cat", "dog", 0));
    ds.tensor("txt").append("\ud83d\ude00 \u00e9");
    ds.tensor("int64").extend(NdArray.of(Dtype.INT32, new long[] {1}, new byte[] {5, 0, 0, 0}));
    ds.createTensor("int8", TensorSpec.generic().withDtype("int8"));
    ds.tensor("int8").append(new byte[] {-128, 127}); // Java's signed bytes
    ds.tensor("uint8").append(new byte[] {-1}); // a byte[] is uint8 otherwise
    assertThat(ds.tensor("int8").numpy(0).toLongArray()).containsExactly(-128, 127);
    assertThat(ds.tensor("uint8").numpy(2).toLongArray()).containsExactly(255);
    float[] f = ds.tensor("float32").numpy(1).toFloatArray();
    assertThat(f[0]).isEqualTo(0.1f);
    assertThat(f[1]).isEqualTo(0f);
    assertThat(f[2]).isEqualTo(16777216f);
    assertThat(f[3]).isNaN();
    assertThat(ds.tensor("float32").numpy(2).toFloatArray()).containsExactly(70000f, 16777216f);
    assertThat(ds.tensor("float16").numpy(1).toFloatArray())
        .containsExactly(65504f, 0.099975586f, 0f);
    assertThat(ds.tensor("float64").numpy(1).toDoubleArray())
        .containsExactly(9007199254740992d, 1e308);
    assertThat(ds.tensor("uint8").numpy(1).toLongArray()).containsExactly(255, 0);
    assertThat(ds.tensor("uint64").numpy(1).toLongArray()).containsExactly(-1L);
    assertThat(ds.tensor("int64").numpy(1).toLongArray()).containsExactly(Long.MIN_VALUE);
    assertThat(ds.tensor("int64").numpy(2).toLongArray()).containsExactly(5L);
    assertThat(ds.tensor("lbl").numpy(1).toLongArray()).containsExactly(0, 1, 0);
    assertThat(ds.tensor("lbl").classNames()).containsExactly("cat", "dog");
    assertThat(ds.tensor("txt").text(1)).isEqualTo("\ud83d\ude00 \u00e9");
  }

  @Test
  void aStringIntoATensorWithANumericDtypeIsRefusedAndTheTensorStaysNumeric() {
    Path p = dir.resolve("typed-string");
    try (Dataset d = Dataset.create(p.toString(), true)) {
      d.createTensor("n", TensorSpec.generic().withDtype("int64"));
      assertThatThrownBy(() -> d.append("n", "not a number"))
          .isInstanceOf(org.deeplake4j.engine.errors.DeepLakeException.class)
          .hasMessageContaining("tensor 'n'");
      assertThat(d.tensor("n").length()).isZero();
      d.append("n", 7L);
      assertThat(d.tensor("n").numpy(0).getLong(0)).isEqualTo(7);
      assertThat(d.tensor("n").metadata().htype().pythonName()).isNotEqualTo("text");
    }
  }
}
