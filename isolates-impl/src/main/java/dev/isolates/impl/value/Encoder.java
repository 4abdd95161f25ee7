package dev.isolates.impl.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Encodes a value to bytes, for a queue: one tag byte per part, then its content, little-endian; containers
 * hold a count, then their parts. Classes are written by name, and the receiver resolves them with its own
 * loader ({@link ValueDecoder}). Values outside the shareable set are written as Java serialization bytes.
 */
final class Encoder extends Traversal {
  // The tags, shared with ValueDecoder.
  static final byte NULL = 0;
  static final byte TRUE = 1;
  static final byte FALSE = 2;
  static final byte BYTE = 3;
  static final byte SHORT = 4;
  static final byte CHAR = 5;
  static final byte INT = 6;
  static final byte LONG = 7;
  static final byte FLOAT = 8;
  static final byte DOUBLE = 9;
  static final byte STRING = 10;
  static final byte BIG_INTEGER = 11;
  static final byte BIG_DECIMAL = 12;
  static final byte UUID_VALUE = 13;
  static final byte TIME = 14;
  static final byte ENUM = 15;
  static final byte BYTES = 16;
  static final byte BOOLEANS = 17;
  static final byte CHARS = 18;
  static final byte SHORTS = 19;
  static final byte INTS = 20;
  static final byte LONGS = 21;
  static final byte FLOATS = 22;
  static final byte DOUBLES = 23;
  static final byte OBJECT_ARRAY = 24;
  static final byte OPTIONAL_EMPTY = 25;
  static final byte OPTIONAL = 26;
  static final byte COLLECTION = 27;
  static final byte RECORD = 28;
  static final byte REFERENCE = 29;
  static final byte SERIALIZED = 30;
  static final byte OPTIONAL_INT = 31;
  static final byte OPTIONAL_LONG = 32;
  static final byte OPTIONAL_DOUBLE = 33;
  static final byte CHARSET = 34;

  private final ValueOutput out;

  Encoder(ValueOutput out) {
    this.out = out;
  }

  @Override
  Object nothing() {
    out.writeByte(NULL);
    return null;
  }

  @Override
  Object immutable(Object value) {
    writeImmutable(value, out);
    return null;
  }

  /** Writes an immutable JDK value; needs no walk, so costs no allocation for small values. */
  static void writeImmutable(Object value, ValueOutput out) {
    if (value instanceof String) {
      out.writeByte(STRING);
      out.writeUtf8((String) value);
    } else if (value instanceof Integer) {
      out.writeByte(INT);
      out.writeInt((Integer) value);
    } else if (value instanceof Long) {
      out.writeByte(LONG);
      out.writeLong((Long) value);
    } else if (value instanceof Double) {
      out.writeByte(DOUBLE);
      out.writeLong(Double.doubleToRawLongBits((Double) value));
    } else if (value instanceof Boolean) {
      out.writeByte((Boolean) value ? TRUE : FALSE);
    } else if (value instanceof Float) {
      out.writeByte(FLOAT);
      out.writeInt(Float.floatToRawIntBits((Float) value));
    } else if (value instanceof Byte) {
      out.writeByte(BYTE);
      out.writeByte((Byte) value);
    } else if (value instanceof Short) {
      out.writeByte(SHORT);
      out.writeInt((Short) value);
    } else if (value instanceof Character) {
      out.writeByte(CHAR);
      out.writeInt((Character) value);
    } else if (value instanceof BigInteger) {
      out.writeByte(BIG_INTEGER);
      writeByteArray(((BigInteger) value).toByteArray(), out);
    } else if (value instanceof BigDecimal) {
      out.writeByte(BIG_DECIMAL);
      out.writeInt(((BigDecimal) value).scale());
      writeByteArray(((BigDecimal) value).unscaledValue().toByteArray(), out);
    } else if (value instanceof UUID) {
      out.writeByte(UUID_VALUE);
      out.writeLong(((UUID) value).getMostSignificantBits());
      out.writeLong(((UUID) value).getLeastSignificantBits());
    } else if (value instanceof OptionalInt) {
      OptionalInt optional = (OptionalInt) value;
      out.writeByte(OPTIONAL_INT);
      out.writeByte(optional.isPresent() ? 1 : 0);
      out.writeInt(optional.orElse(0));
    } else if (value instanceof OptionalLong) {
      OptionalLong optional = (OptionalLong) value;
      out.writeByte(OPTIONAL_LONG);
      out.writeByte(optional.isPresent() ? 1 : 0);
      out.writeLong(optional.orElse(0));
    } else if (value instanceof OptionalDouble) {
      OptionalDouble optional = (OptionalDouble) value;
      out.writeByte(OPTIONAL_DOUBLE);
      out.writeByte(optional.isPresent() ? 1 : 0);
      out.writeLong(Double.doubleToRawLongBits(optional.orElse(0)));
    } else if (value instanceof Charset) {
      out.writeByte(CHARSET);
      out.writeUtf8(((Charset) value).name());
    } else {
      out.writeByte(TIME);
      out.writeByte(ValueKind.TIME_TYPES.indexOf(value.getClass()));
      out.writeUtf8(value instanceof ZoneId ? ((ZoneId) value).getId() : value.toString());
    }
  }

  @Override
  Object reference(SharedByReference value) {
    Reference reference = value.reference();
    String refusal = out.handleRefusal();
    if (refusal != null) {
      throw Unshareable.of(reference.kind().typeName, refusal, null);
    }
    out.writeByte(REFERENCE);
    out.writeByte(reference.kind().ordinal());
    out.writeLong(Reference.THIS_RUN);
    out.writeLong(reference.id());
    out.writeInt(reference.detail());
    return null;
  }

  @Override
  Object enumConstant(Enum<?> value) {
    out.writeByte(ENUM);
    out.writeUtf8(value.getDeclaringClass().getName());
    out.writeUtf8(value.name());
    return null;
  }

  @Override
  Object primitiveArray(Object array) {
    writePrimitiveArray(array, out);
    return null;
  }

  /** Writes a primitive array; needs no walk, so costs no allocation. */
  static void writePrimitiveArray(Object array, ValueOutput out) {
    if (array instanceof byte[]) {
      out.writeByte(BYTES);
      writeByteArray((byte[]) array, out);
    } else if (array instanceof int[]) {
      int[] ints = (int[]) array;
      out.writeByte(INTS);
      out.writeInt(ints.length);
      for (int value : ints) {
        out.writeInt(value);
      }
    } else if (array instanceof long[]) {
      long[] longs = (long[]) array;
      out.writeByte(LONGS);
      out.writeInt(longs.length);
      for (long value : longs) {
        out.writeLong(value);
      }
    } else if (array instanceof double[]) {
      double[] doubles = (double[]) array;
      out.writeByte(DOUBLES);
      out.writeInt(doubles.length);
      for (double value : doubles) {
        out.writeLong(Double.doubleToRawLongBits(value));
      }
    } else if (array instanceof float[]) {
      float[] floats = (float[]) array;
      out.writeByte(FLOATS);
      out.writeInt(floats.length);
      for (float value : floats) {
        out.writeInt(Float.floatToRawIntBits(value));
      }
    } else if (array instanceof char[]) {
      char[] chars = (char[]) array;
      out.writeByte(CHARS);
      out.writeInt(chars.length);
      for (char value : chars) {
        out.writeInt(value);
      }
    } else if (array instanceof short[]) {
      short[] shorts = (short[]) array;
      out.writeByte(SHORTS);
      out.writeInt(shorts.length);
      for (short value : shorts) {
        out.writeInt(value);
      }
    } else {
      boolean[] booleans = (boolean[]) array;
      out.writeByte(BOOLEANS);
      out.writeInt(booleans.length);
      for (boolean value : booleans) {
        out.writeByte(value ? 1 : 0);
      }
    }
  }

  @Override
  Object serializable(Object value) {
    out.writeByte(SERIALIZED);
    out.writeUtf8(value.getClass().getName());
    writeByteArray(SerialForm.write(value), out);
    return null;
  }

  @Override
  Object objectArray(Object[] array) {
    out.writeByte(OBJECT_ARRAY);
    out.writeUtf8(array.getClass().getComponentType().getName());
    out.writeInt(array.length);
    for (int i = 0; i < array.length; i++) {
      element(array[i], i);
    }
    return null;
  }

  @Override
  Object optional(Optional<?> value) {
    if (value.isEmpty()) {
      out.writeByte(OPTIONAL_EMPTY);
      return null;
    }
    out.writeByte(OPTIONAL);
    return content(value);
  }

  @Override
  Object record(Record value, RecordShape shape) {
    out.writeByte(RECORD);
    out.writeUtf8(shape.type.getName());
    out.writeInt(shape.names.length);
    for (int i = 0; i < shape.names.length; i++) {
      out.writeUtf8(shape.names[i]);
      component(shape, i, shape.component(value, i));
    }
    return null;
  }

  @Override
  Object collection(Collection<?> value, JdkCollection type) {
    out.writeByte(COLLECTION);
    out.writeUtf8(type.name);
    out.writeInt(value.size());
    int index = 0;
    for (Object element : value) {
      element(element, index++);
    }
    return null;
  }

  @Override
  Object map(Map<?, ?> value, JdkCollection type) {
    out.writeByte(COLLECTION);
    out.writeUtf8(type.name);
    out.writeInt(value.size());
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      key(entry.getKey());
      valueFor(entry.getKey(), entry.getValue());
    }
    return null;
  }

  private static void writeByteArray(byte[] bytes, ValueOutput out) {
    out.writeInt(bytes.length);
    out.writeBytes(bytes, 0, bytes.length);
  }
}
