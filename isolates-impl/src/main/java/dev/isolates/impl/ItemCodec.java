package dev.isolates.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * The value codec of queues: encodes a value into bytes in the producer's isolate and decodes it in the
 * consumer's, with the rules of the shareable set (see {@link ValueCopier}, which copies directly between two
 * live isolates instead). Classes are written by name and resolved by the consumer's class loader, so a record
 * put by one isolate is taken by another as its own class of that name. Chronicle Wire's class-alias pool is
 * deliberately not used: it would hand every isolate the first isolate's class and pin its loader.
 *
 * <p>Format: one tag byte per value, then its content, little-endian; containers hold a count, then their
 * elements. Values outside the shareable set are written as Java serialization bytes.
 */
final class ItemCodec {
  private static final byte NULL = 0;
  private static final byte TRUE = 1;
  private static final byte FALSE = 2;
  private static final byte BYTE = 3;
  private static final byte SHORT = 4;
  private static final byte CHAR = 5;
  private static final byte INT = 6;
  private static final byte LONG = 7;
  private static final byte FLOAT = 8;
  private static final byte DOUBLE = 9;
  private static final byte STRING = 10;
  private static final byte BIG_INTEGER = 11;
  private static final byte BIG_DECIMAL = 12;
  private static final byte UUID_VALUE = 13;
  private static final byte TIME = 14;
  private static final byte ENUM = 15;
  private static final byte BYTES = 16;
  private static final byte PRIMITIVE_ARRAY = 17;
  private static final byte OBJECT_ARRAY = 18;
  private static final byte OPTIONAL_EMPTY = 19;
  private static final byte OPTIONAL = 20;
  private static final byte LIST = 21;
  private static final byte SET = 22;
  private static final byte SORTED_SET = 23;
  private static final byte MAP = 24;
  private static final byte SORTED_MAP = 25;
  private static final byte RECORD = 26;
  private static final byte BY_REFERENCE = 27;
  private static final byte SERIALIZED = 28;

  /** The java.time types, written as their ISO text and read back with their {@code parse}. */
  private static final List<Class<?>> TIME_TYPES = List.of(Duration.class, Instant.class, LocalDate.class,
      LocalDateTime.class, LocalTime.class, MonthDay.class, OffsetDateTime.class, OffsetTime.class, Period.class,
      Year.class, YearMonth.class, ZonedDateTime.class, ZoneOffset.class, ZoneId.of("Europe/Paris").getClass());
  private static final List<Function<String, Object>> TIME_PARSERS = List.of(Duration::parse, Instant::parse,
      LocalDate::parse, LocalDateTime::parse, LocalTime::parse, MonthDay::parse, OffsetDateTime::parse,
      OffsetTime::parse, Period::parse, Year::parse, YearMonth::parse, ZonedDateTime::parse, ZoneOffset::of,
      ZoneId::of);
  private static final List<Class<?>> PRIMITIVE_ARRAYS = List.of(boolean[].class, char[].class, short[].class,
      int[].class, long[].class, float[].class, double[].class);

  private ItemCodec() {}

  // ------------------------------------------------------------------------------------------------ encoding

  /**
   * Appends the encoding of a value.
   *
   * @throws UnshareableValue if the value or a part of it cannot be encoded
   */
  static void encode(Object value, Writer out) {
    if (value == null) {
      out.writeByte(NULL);
      return;
    }
    switch (ValueCopier.kind(value.getClass())) {
      case IMMUTABLE:
        encodeImmutable(value, out);
        return;
      case BY_REFERENCE:
        out.writeByte(BY_REFERENCE);
        References.write((SharedByReference) value, out);
        return;
      case ENUM:
        out.writeByte(ENUM);
        out.writeString(((Enum<?>) value).getDeclaringClass().getName());
        out.writeString(((Enum<?>) value).name());
        return;
      case PRIMITIVE_ARRAY:
        encodePrimitiveArray(value, out);
        return;
      case OBJECT_ARRAY:
        out.writeByte(OBJECT_ARRAY);
        out.writeString(value.getClass().getComponentType().getName());
        encodeElements(Arrays.asList((Object[]) value), out);
        return;
      case OPTIONAL:
        encodeOptional((Optional<?>) value, out);
        return;
      case RECORD:
        encodeRecord((Record) value, out);
        return;
      case LIST:
        out.writeByte(LIST);
        encodeElements((Collection<?>) value, out);
        return;
      case SET:
        encodeSet((Set<?>) value, out);
        return;
      case MAP:
        encodeMap((Map<?, ?>) value, out);
        return;
      case SERIALIZABLE:
        encodeSerialized(value, out);
        return;
      default:
        throw new UnshareableValue(value.getClass(), ValueCopier.NOT_SHAREABLE, null);
    }
  }

  private static void encodeImmutable(Object value, Writer out) {
    if (value instanceof String) {
      out.writeByte(STRING);
      out.writeString((String) value);
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
      out.writeBytes(((BigInteger) value).toByteArray());
    } else if (value instanceof BigDecimal) {
      out.writeByte(BIG_DECIMAL);
      out.writeInt(((BigDecimal) value).scale());
      out.writeBytes(((BigDecimal) value).unscaledValue().toByteArray());
    } else if (value instanceof UUID) {
      out.writeByte(UUID_VALUE);
      out.writeLong(((UUID) value).getMostSignificantBits());
      out.writeLong(((UUID) value).getLeastSignificantBits());
    } else {
      out.writeByte(TIME);
      out.writeByte((byte) TIME_TYPES.indexOf(value.getClass()));
      out.writeString(value instanceof ZoneId ? ((ZoneId) value).getId() : value.toString());
    }
  }

  private static void encodePrimitiveArray(Object array, Writer out) {
    if (array instanceof byte[]) {
      out.writeByte(BYTES);
      out.writeBytes((byte[]) array);
      return;
    }
    int length = Array.getLength(array);
    out.writeByte(PRIMITIVE_ARRAY);
    out.writeByte((byte) PRIMITIVE_ARRAYS.indexOf(array.getClass()));
    out.writeInt(length);
    for (int i = 0; i < length; i++) {
      Object element = Array.get(array, i);
      if (element instanceof Boolean) {
        out.writeByte((Boolean) element ? TRUE : FALSE);
      } else if (element instanceof Character) {
        out.writeInt((Character) element);
      } else if (element instanceof Double) {
        out.writeLong(Double.doubleToRawLongBits((Double) element));
      } else if (element instanceof Float) {
        out.writeInt(Float.floatToRawIntBits((Float) element));
      } else if (element instanceof Long) {
        out.writeLong((Long) element);
      } else {
        out.writeInt(((Number) element).intValue());
      }
    }
  }

  private static void encodeOptional(Optional<?> value, Writer out) {
    if (value.isEmpty()) {
      out.writeByte(OPTIONAL_EMPTY);
      return;
    }
    out.writeByte(OPTIONAL);
    try {
      encode(value.get(), out);
    } catch (UnshareableValue e) {
      throw e.within("value");
    }
  }

  private static void encodeRecord(Record value, Writer out) {
    RecordShape shape = RecordShape.of(value.getClass());
    out.writeByte(RECORD);
    out.writeString(shape.type.getName());
    out.writeInt(shape.names.length);
    for (int i = 0; i < shape.names.length; i++) {
      out.writeString(shape.names[i]);
      try {
        encode(shape.component(value, i), out);
      } catch (UnshareableValue e) {
        throw e.within("component '" + shape.names[i] + "'");
      }
    }
  }

  private static void encodeSet(Set<?> set, Writer out) {
    if (set instanceof SortedSet) {
      if (((SortedSet<?>) set).comparator() != null) {
        encodeSerialized(set, out); // the comparator is code, which only serialization can carry
        return;
      }
      out.writeByte(SORTED_SET);
    } else {
      out.writeByte(SET);
    }
    encodeElements(set, out);
  }

  private static void encodeElements(Collection<?> elements, Writer out) {
    out.writeInt(elements.size());
    int index = 0;
    for (Object element : elements) {
      try {
        encode(element, out);
      } catch (UnshareableValue e) {
        throw e.within("element " + index);
      }
      index++;
    }
  }

  private static void encodeMap(Map<?, ?> map, Writer out) {
    if (map instanceof SortedMap) {
      if (((SortedMap<?, ?>) map).comparator() != null) {
        encodeSerialized(map, out);
        return;
      }
      out.writeByte(SORTED_MAP);
    } else {
      out.writeByte(MAP);
    }
    out.writeInt(map.size());
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      try {
        encode(entry.getKey(), out);
      } catch (UnshareableValue e) {
        throw e.within("key " + ValueCopier.describe(entry.getKey()));
      }
      try {
        encode(entry.getValue(), out);
      } catch (UnshareableValue e) {
        throw e.within("value for key " + ValueCopier.describe(entry.getKey()));
      }
    }
  }

  private static void encodeSerialized(Object value, Writer out) {
    if (!(value instanceof java.io.Serializable)) {
      throw new UnshareableValue(value.getClass(), ValueCopier.NOT_SHAREABLE, null);
    }
    out.writeByte(SERIALIZED);
    out.writeString(value.getClass().getName());
    out.writeBytes(SerialCopier.write(value));
  }

  // ------------------------------------------------------------------------------------------------ decoding

  /**
   * Decodes a value into an isolate.
   *
   * @throws UnshareableValue if the isolate cannot load a class the value names
   */
  static Object decode(ByteBuffer in, IsolateState into) {
    byte tag = in.get();
    switch (tag) {
      case NULL: return null;
      case TRUE: return Boolean.TRUE;
      case FALSE: return Boolean.FALSE;
      case BYTE: return in.get();
      case SHORT: return (short) in.getInt();
      case CHAR: return (char) in.getInt();
      case INT: return in.getInt();
      case LONG: return in.getLong();
      case FLOAT: return Float.intBitsToFloat(in.getInt());
      case DOUBLE: return Double.longBitsToDouble(in.getLong());
      case STRING: return readString(in);
      case BIG_INTEGER: return new BigInteger(readBytes(in));
      case BIG_DECIMAL: return decodeBigDecimal(in);
      case UUID_VALUE: return new UUID(in.getLong(), in.getLong());
      case TIME: return TIME_PARSERS.get(in.get()).apply(readString(in));
      case ENUM: return decodeEnum(in, into);
      case BYTES: return readBytes(in);
      case PRIMITIVE_ARRAY: return decodePrimitiveArray(in);
      case OBJECT_ARRAY: return decodeObjectArray(in, into);
      case OPTIONAL_EMPTY: return Optional.empty();
      case OPTIONAL: return Optional.ofNullable(decode(in, into));
      case LIST: return decodeElements(in, into, ArrayList::new);
      case SET: return decodeElements(in, into, size -> new LinkedHashSet<>((int) (size / 0.75f) + 1));
      case SORTED_SET: return decodeElements(in, into, size -> new TreeSet<>());
      case MAP: return decodeMap(in, into, new LinkedHashMap<>());
      case SORTED_MAP: return decodeMap(in, into, new TreeMap<>());
      case RECORD: return decodeRecord(in, into);
      case BY_REFERENCE: return References.read(in);
      case SERIALIZED: return decodeSerialized(in, into);
      default: throw new IllegalArgumentException("unknown value tag " + tag + " at byte " + (in.position() - 1));
    }
  }

  private static BigDecimal decodeBigDecimal(ByteBuffer in) {
    int scale = in.getInt();
    return new BigDecimal(new BigInteger(readBytes(in)), scale);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object decodeEnum(ByteBuffer in, IsolateState into) {
    Class<?> type = classNamed(readString(in), into);
    String constant = readString(in);
    try {
      return Enum.valueOf((Class) type, constant);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new UnshareableValue(type, "it has no constant " + constant + " in " + into.label(), e);
    }
  }

  private static Object decodePrimitiveArray(ByteBuffer in) {
    Class<?> type = PRIMITIVE_ARRAYS.get(in.get());
    int length = in.getInt();
    Object array = Array.newInstance(type.getComponentType(), length);
    for (int i = 0; i < length; i++) {
      if (type == boolean[].class) {
        Array.setBoolean(array, i, in.get() == TRUE);
      } else if (type == char[].class) {
        Array.setChar(array, i, (char) in.getInt());
      } else if (type == double[].class) {
        Array.setDouble(array, i, Double.longBitsToDouble(in.getLong()));
      } else if (type == float[].class) {
        Array.setFloat(array, i, Float.intBitsToFloat(in.getInt()));
      } else if (type == short[].class) {
        Array.setShort(array, i, (short) in.getInt());
      } else if (type == int[].class) {
        Array.setInt(array, i, in.getInt());
      } else {
        Array.setLong(array, i, in.getLong());
      }
    }
    return array;
  }

  private static Object decodeObjectArray(ByteBuffer in, IsolateState into) {
    Class<?> component = classNamed(readString(in), into);
    int length = in.getInt();
    Object[] array = (Object[]) Array.newInstance(component, length);
    for (int i = 0; i < length; i++) {
      array[i] = decode(in, into);
    }
    return array;
  }

  private static <C extends Collection<Object>> C decodeElements(ByteBuffer in, IsolateState into,
      java.util.function.IntFunction<C> factory) {
    int size = in.getInt();
    C elements = factory.apply(size);
    for (int i = 0; i < size; i++) {
      elements.add(decode(in, into));
    }
    return elements;
  }

  private static Map<Object, Object> decodeMap(ByteBuffer in, IsolateState into, Map<Object, Object> map) {
    int size = in.getInt();
    for (int i = 0; i < size; i++) {
      Object key = decode(in, into);
      map.put(key, decode(in, into));
    }
    return map;
  }

  private static Object decodeRecord(ByteBuffer in, IsolateState into) {
    RecordShape shape = RecordShape.of(classNamed(readString(in), into));
    int count = in.getInt();
    String[] names = new String[count];
    Object[] components = new Object[count];
    for (int i = 0; i < count; i++) {
      names[i] = readString(in);
      components[i] = decode(in, into);
    }
    if (!Arrays.equals(names, shape.names)) {
      throw new UnshareableValue(shape.type, into.label() + " has a different record of that name: its"
          + " components are " + Arrays.toString(shape.names) + ", not " + Arrays.toString(names)
          + "; give producer and consumer the same version of the class", null);
    }
    return shape.construct(components, into);
  }

  private static Object decodeSerialized(ByteBuffer in, IsolateState into) {
    String typeName = readString(in);
    byte[] bytes = readBytes(in);
    return SerialCopier.read(bytes, into, classNamed(typeName, into));
  }

  private static Class<?> classNamed(String name, IsolateState into) {
    try {
      return Class.forName(name, false, into.loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UnshareableValue(name, into.label() + " cannot load a class of that name; add the jar or folder"
          + " that holds it to the isolate's class path, or its package to IsolateConfig.sharedPackages", e);
    }
  }

  private static String readString(ByteBuffer in) {
    int length = in.getInt();
    String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }

  private static byte[] readBytes(ByteBuffer in) {
    byte[] bytes = new byte[in.getInt()];
    in.get(bytes);
    return bytes;
  }

  /** A growable little-endian byte buffer to encode into; reused by a thread, so not thread-safe. */
  static final class Writer {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int KEPT_CAPACITY = 64 << 10;

    private byte[] data = new byte[256];
    private int length;
    private boolean inUse;

    /** This writer if free, else a new one: encoding may run user code that puts to a queue itself. */
    Writer borrow() {
      Writer writer = inUse ? new Writer() : this;
      writer.inUse = true;
      return writer;
    }

    /** Frees the writer, dropping a buffer grown for one large item. */
    void giveBack() {
      inUse = false;
      if (data.length > KEPT_CAPACITY) {
        data = new byte[256];
      }
    }

    void reset() {
      length = 0;
    }

    byte[] data() {
      return data;
    }

    int length() {
      return length;
    }

    void writeByte(byte value) {
      ensure(1);
      data[length++] = value;
    }

    void writeInt(int value) {
      ensure(4);
      INTS.set(data, length, value);
      length += 4;
    }

    void writeLong(long value) {
      ensure(8);
      LONGS.set(data, length, value);
      length += 8;
    }

    void writeBytes(byte[] bytes) {
      writeInt(bytes.length);
      ensure(bytes.length);
      System.arraycopy(bytes, 0, data, length, bytes.length);
      length += bytes.length;
    }

    void writeString(String text) {
      writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private void ensure(int more) {
      if (length + more > data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, length + more));
      }
    }
  }
}
