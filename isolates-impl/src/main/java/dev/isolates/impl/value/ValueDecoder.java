package dev.isolates.impl.value;

import static dev.isolates.impl.value.Encoder.BIG_DECIMAL;
import static dev.isolates.impl.value.Encoder.BIG_INTEGER;
import static dev.isolates.impl.value.Encoder.BOOLEANS;
import static dev.isolates.impl.value.Encoder.BYTE;
import static dev.isolates.impl.value.Encoder.BYTES;
import static dev.isolates.impl.value.Encoder.CHAR;
import static dev.isolates.impl.value.Encoder.CHARS;
import static dev.isolates.impl.value.Encoder.CHARSET;
import static dev.isolates.impl.value.Encoder.COLLECTION;
import static dev.isolates.impl.value.Encoder.DOUBLE;
import static dev.isolates.impl.value.Encoder.DOUBLES;
import static dev.isolates.impl.value.Encoder.ENUM;
import static dev.isolates.impl.value.Encoder.FALSE;
import static dev.isolates.impl.value.Encoder.FLOAT;
import static dev.isolates.impl.value.Encoder.FLOATS;
import static dev.isolates.impl.value.Encoder.INT;
import static dev.isolates.impl.value.Encoder.INTS;
import static dev.isolates.impl.value.Encoder.LONG;
import static dev.isolates.impl.value.Encoder.LONGS;
import static dev.isolates.impl.value.Encoder.NULL;
import static dev.isolates.impl.value.Encoder.OBJECT_ARRAY;
import static dev.isolates.impl.value.Encoder.OPTIONAL;
import static dev.isolates.impl.value.Encoder.OPTIONAL_DOUBLE;
import static dev.isolates.impl.value.Encoder.OPTIONAL_EMPTY;
import static dev.isolates.impl.value.Encoder.OPTIONAL_INT;
import static dev.isolates.impl.value.Encoder.OPTIONAL_LONG;
import static dev.isolates.impl.value.Encoder.RECORD;
import static dev.isolates.impl.value.Encoder.REFERENCE;
import static dev.isolates.impl.value.Encoder.SERIALIZED;
import static dev.isolates.impl.value.Encoder.SHORT;
import static dev.isolates.impl.value.Encoder.SHORTS;
import static dev.isolates.impl.value.Encoder.STRING;
import static dev.isolates.impl.value.Encoder.TIME;
import static dev.isolates.impl.value.Encoder.TRUE;
import static dev.isolates.impl.value.Encoder.UUID_VALUE;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

/**
 * Decodes what {@link Encoder} wrote, in the receiving isolate: every class named in the bytes is resolved by
 * the receiver's loader, so the value is made of the receiver's classes; handles are resolved by the lookup the
 * caller hands in. Static and allocation-free but for the value itself.
 */
final class ValueDecoder {
  /** The parsers of {@link ValueKind#TIME_TYPES}, in the same order. */
  private static final List<Function<String, Object>> TIME_PARSERS = List.of(Duration::parse, Instant::parse,
      LocalDate::parse, LocalDateTime::parse, LocalTime::parse, MonthDay::parse, OffsetDateTime::parse,
      OffsetTime::parse, Period::parse, Year::parse, YearMonth::parse, ZonedDateTime::parse, ZoneOffset::of,
      ZoneId::of);
  private static final Reference.Kind[] REFERENCE_KINDS = Reference.Kind.values();

  private ValueDecoder() {}

  /**
   * Decodes a value into an isolate.
   *
   * @param depth how many containers enclose this part, to stop at bytes that nest without end
   * @throws Unshareable if the isolate cannot load a class the value names, or the bytes hold no value
   */
  static Object decode(ValueInput in, Receiver into, HandleLookup handles, int depth) {
    byte tag = in.readByte();
    switch (tag) {
      case NULL: return null;
      case TRUE: return Boolean.TRUE;
      case FALSE: return Boolean.FALSE;
      case BYTE: return in.readByte();
      case SHORT: return (short) in.readInt();
      case CHAR: return (char) in.readInt();
      case INT: return in.readInt();
      case LONG: return in.readLong();
      case FLOAT: return Float.intBitsToFloat(in.readInt());
      case DOUBLE: return Double.longBitsToDouble(in.readLong());
      case STRING: return in.readUtf8();
      case BIG_INTEGER: return new BigInteger(readByteArray(in));
      case BIG_DECIMAL: return decodeBigDecimal(in);
      case UUID_VALUE: return new UUID(in.readLong(), in.readLong());
      case TIME: return TIME_PARSERS.get(in.readByte()).apply(in.readUtf8());
      case ENUM: return decodeEnum(in, into);
      case BYTES: return readByteArray(in);
      case OPTIONAL_EMPTY: return Optional.empty();
      case OPTIONAL_INT: return decodeOptionalInt(in);
      case OPTIONAL_LONG: return decodeOptionalLong(in);
      case OPTIONAL_DOUBLE: return decodeOptionalDouble(in);
      case CHARSET: return decodeCharset(in.readUtf8(), into);
      case REFERENCE: return decodeReference(in, handles);
      case SERIALIZED: return decodeSerialized(in, into);
      default:
        if (tag >= BOOLEANS && tag <= DOUBLES) {
          return decodePrimitiveArray(tag, in);
        }
        if (depth >= Traversal.MAX_DEPTH) {
          throw Unshareable.tooDeep(Object.class, Traversal.MAX_DEPTH);
        }
        return decodeContainer(tag, in, into, handles, depth + 1);
    }
  }

  private static Object decodeContainer(byte tag, ValueInput in, Receiver into, HandleLookup handles, int depth) {
    switch (tag) {
      case OPTIONAL: return Optional.of(decode(in, into, handles, depth));
      case OBJECT_ARRAY: return decodeObjectArray(in, into, handles, depth);
      case COLLECTION: return decodeCollection(in, into, handles, depth);
      case RECORD: return decodeRecord(in, into, handles, depth);
      default:
        throw Unshareable.of("an unknown type", "the bytes hold no value this version of isolates can read"
            + " (tag " + tag + "): they were written by another version, or damaged", null);
    }
  }

  private static BigDecimal decodeBigDecimal(ValueInput in) {
    int scale = in.readInt();
    return new BigDecimal(new BigInteger(readByteArray(in)), scale);
  }

  private static OptionalInt decodeOptionalInt(ValueInput in) {
    boolean present = in.readByte() != 0;
    int value = in.readInt();
    return present ? OptionalInt.of(value) : OptionalInt.empty();
  }

  private static OptionalLong decodeOptionalLong(ValueInput in) {
    boolean present = in.readByte() != 0;
    long value = in.readLong();
    return present ? OptionalLong.of(value) : OptionalLong.empty();
  }

  private static OptionalDouble decodeOptionalDouble(ValueInput in) {
    boolean present = in.readByte() != 0;
    double value = Double.longBitsToDouble(in.readLong());
    return present ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  /** A charset by name; a durable queue's item may come from a JVM that has charsets this one lacks. */
  private static Charset decodeCharset(String name, Receiver into) {
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      throw Unshareable.of(Charset.class, "the JVM of " + into.label() + " has no charset " + name, e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object decodeEnum(ValueInput in, Receiver into) {
    Class<?> type = classNamed(in.readUtf8(), into);
    String constant = in.readUtf8();
    try {
      return Enum.valueOf((Class) type, constant);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw Unshareable.of(type, "it has no constant " + constant + " in " + into.label(), e);
    }
  }

  private static Object decodeReference(ValueInput in, HandleLookup handles) {
    Reference.Kind kind = REFERENCE_KINDS[in.readByte()];
    long run = in.readLong();
    long id = in.readLong();
    int detail = in.readInt();
    if (run != Reference.THIS_RUN) {
      throw Unshareable.of(kind.typeName, "it refers to " + kind.name().toLowerCase(java.util.Locale.ROOT) + " "
          + id + " of another process or an earlier run, which this process cannot reach; put a durable queue's"
          + " folder instead, and open it with Isolates.openQueue", null);
    }
    return handles.resolve(new Reference(kind, id, detail));
  }

  private static Object decodePrimitiveArray(byte tag, ValueInput in) {
    int length = in.readInt();
    switch (tag) {
      case INTS: {
        int[] array = new int[length];
        for (int i = 0; i < length; i++) {
          array[i] = in.readInt();
        }
        return array;
      }
      case LONGS: {
        long[] array = new long[length];
        for (int i = 0; i < length; i++) {
          array[i] = in.readLong();
        }
        return array;
      }
      case DOUBLES: {
        double[] array = new double[length];
        for (int i = 0; i < length; i++) {
          array[i] = Double.longBitsToDouble(in.readLong());
        }
        return array;
      }
      case FLOATS: {
        float[] array = new float[length];
        for (int i = 0; i < length; i++) {
          array[i] = Float.intBitsToFloat(in.readInt());
        }
        return array;
      }
      case CHARS: {
        char[] array = new char[length];
        for (int i = 0; i < length; i++) {
          array[i] = (char) in.readInt();
        }
        return array;
      }
      case SHORTS: {
        short[] array = new short[length];
        for (int i = 0; i < length; i++) {
          array[i] = (short) in.readInt();
        }
        return array;
      }
      default: {
        boolean[] array = new boolean[length];
        for (int i = 0; i < length; i++) {
          array[i] = in.readByte() != 0;
        }
        return array;
      }
    }
  }

  private static Object decodeObjectArray(ValueInput in, Receiver into, HandleLookup handles, int depth) {
    Class<?> component = classNamed(in.readUtf8(), into);
    int length = in.readInt();
    Object[] array = (Object[]) Array.newInstance(component, length);
    for (int i = 0; i < length; i++) {
      array[i] = decode(in, into, handles, depth);
    }
    return array;
  }

  private static Object decodeCollection(ValueInput in, Receiver into, HandleLookup handles, int depth) {
    String name = in.readUtf8();
    JdkCollection type = JdkCollection.named(name);
    if (type == null) {
      throw Unshareable.of(name, "this version of isolates does not know that collection", null);
    }
    int size = in.readInt();
    Object collection = type.newBuilder(size);
    for (int i = 0; i < size; i++) {
      Object element = decode(in, into, handles, depth);
      if (type.shape.isMap()) {
        JdkCollection.put(collection, element, decode(in, into, handles, depth));
      } else {
        JdkCollection.add(collection, element);
      }
    }
    return type.finish(collection);
  }

  private static Object decodeRecord(ValueInput in, Receiver into, HandleLookup handles, int depth) {
    RecordShape shape = RecordShape.of(classNamed(in.readUtf8(), into));
    int count = in.readInt();
    String[] names = new String[count];
    Object[] components = new Object[count];
    for (int i = 0; i < count; i++) {
      names[i] = in.readUtf8();
      components[i] = decode(in, into, handles, depth);
    }
    shape.requireComponents(names, into);
    return shape.construct(components, into);
  }

  private static Object decodeSerialized(ValueInput in, Receiver into) {
    String typeName = in.readUtf8();
    return SerialForm.read(readByteArray(in), into, typeName);
  }

  private static Class<?> classNamed(String name, Receiver into) {
    try {
      return Class.forName(name, false, into.loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw Unshareable.cannotLoad(name, null, into, e);
    }
  }

  private static byte[] readByteArray(ValueInput in) {
    byte[] bytes = new byte[in.readInt()];
    in.readBytes(bytes, 0, bytes.length);
    return bytes;
  }
}
