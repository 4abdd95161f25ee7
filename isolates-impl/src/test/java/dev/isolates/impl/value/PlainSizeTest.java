package dev.isolates.impl.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which values storage may encode straight into memory it holds locked, and how large their encoding gets. */
class PlainSizeTest {
  record Point(int x, int y) {}

  /** Collects what an encoding writes. */
  private static final class Bytes implements ValueOutput {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void writeByte(int value) {
      out.write(value);
    }

    @Override
    public void writeInt(int value) {
      for (int i = 0; i < 4; i++) {
        out.write(value >>> (8 * i));
      }
    }

    @Override
    public void writeLong(long value) {
      writeInt((int) value);
      writeInt((int) (value >>> 32));
    }

    @Override
    public void writeBytes(byte[] bytes, int offset, int length) {
      out.write(bytes, offset, length);
    }

    @Override
    public void writeUtf8(String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      writeInt(utf8.length);
      writeBytes(utf8, 0, utf8.length);
    }
  }

  @Test
  void strings_boxedPrimitives_andPrimitiveArrays_areEncodedPlainly_withinTheirSize() {
    List<Object> plain = List.of("", "ascii", "été \uD834\uDD1E 日本", true, (byte) 1, (short) 2, 'c', 3, 4L,
        5f, 6.0, new byte[] {1, 2}, new boolean[] {true}, new short[] {3}, new char[] {'d', 'é'}, new int[] {4, 5},
        new long[] {6}, new float[] {7f}, new double[] {8.0, 9.0}, new int[0]);
    for (Object value : plain) {
      Bytes encoded = new Bytes();
      Values.encode(value, encoded, "item");
      Bytes plainly = new Bytes();
      Values.encodePlain(value, plainly);
      assertThat(plainly.out.toByteArray()).as("%s", value).isEqualTo(encoded.out.toByteArray());
      assertThat((long) encoded.out.size()).as("%s", value).isLessThanOrEqualTo(Values.plainSize(value));
    }
  }

  @Test
  void records_collections_andOtherValues_areNotPlain() {
    for (Object value : List.of(new Point(1, 2), List.of(1), Optional.of(1), new BigInteger("1"), LocalDate.EPOCH,
        Thread.State.NEW, new Object[] {1}, new StringBuilder("x"))) {
      assertThat(Values.plainSize(value)).as("%s", value).isEqualTo(-1);
    }
  }
}
