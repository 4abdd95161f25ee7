package dev.isolates.impl;

import java.io.Serializable;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
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

/**
 * Copies values from one isolate into another: the value codec of {@code call} arguments, captured values,
 * results and {@code prepareMain} bindings. The rules are those of the shareable set in {@link
 * dev.isolates.Isolates}: immutable JDK values cross as they are, since every isolate shares the JDK's classes;
 * containers are copied element by element; records and enums are rebuilt as the receiving isolate's class of
 * the same name; queues and isolate handles cross by reference; anything else {@link Serializable} is copied
 * through serialization unless the copy is strict. Failures are {@link UnshareableValue}s that name the path.
 *
 * <p>Stateless and thread-safe. The only caches are {@link ClassValue}s whose values belong to the class they
 * are attached to, so no cache keeps an isolate's class loader reachable.
 */
final class ValueCopier {
  static final String NOT_SHAREABLE = "it is neither a shareable type nor Serializable; pass the data it holds"
      + " instead (Isolates.isShareable lists the shareable types), or make its class Serializable";
  private static final String ONLY_SHAREABLE = "it is Serializable but not shareable, and only shareable"
      + " values are accepted here; pass its data as shareable values (see Isolates.isShareable)";

  private static final Set<Class<?>> IMMUTABLE_TYPES = Set.of(
      String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class, Long.class,
      Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class,
      Duration.class, Instant.class, LocalDate.class, LocalDateTime.class, LocalTime.class, MonthDay.class,
      OffsetDateTime.class, OffsetTime.class, Period.class, Year.class, YearMonth.class, ZonedDateTime.class,
      ZoneOffset.class, ZoneId.of("Europe/Paris").getClass());

  /** How a value of a class is copied. */
  enum Kind {
    IMMUTABLE, BY_REFERENCE, ENUM, PRIMITIVE_ARRAY, OBJECT_ARRAY, OPTIONAL, RECORD, LIST, SET, MAP, SERIALIZABLE,
    NOT_SHAREABLE
  }

  private static final ClassValue<Kind> KINDS = new ClassValue<>() {
    @Override
    protected Kind computeValue(Class<?> type) {
      return kindOf(type);
    }
  };

  private ValueCopier() {}

  /**
   * Copies a value into an isolate.
   *
   * @param to the receiving isolate, which is not closed
   * @param strict whether to refuse the serialization fallback (for {@code prepareMain} and
   *     {@code isShareable})
   * @throws UnshareableValue if the value or a part of it cannot be copied
   */
  static Object copy(Object value, IsolateState to, boolean strict) {
    if (value == null) {
      return null;
    }
    switch (KINDS.get(value.getClass())) {
      case IMMUTABLE:
      case BY_REFERENCE:
        return value;
      case ENUM:
        return copyEnum((Enum<?>) value, to);
      case PRIMITIVE_ARRAY:
        return copyPrimitiveArray(value);
      case OBJECT_ARRAY:
        return copyArray((Object[]) value, to, strict);
      case OPTIONAL:
        return copyOptional((Optional<?>) value, to, strict);
      case RECORD:
        return RecordCopier.copy((Record) value, to, strict);
      case LIST:
        return copyElements((Collection<?>) value, new ArrayList<>(((Collection<?>) value).size()), to, strict);
      case SET:
        return copySet((Set<?>) value, to, strict);
      case MAP:
        return copyMap((Map<?, ?>) value, to, strict);
      case SERIALIZABLE:
        return copySerializable(value, to, strict);
      default:
        throw new UnshareableValue(value.getClass(), NOT_SHAREABLE, null);
    }
  }

  /** Tells how values of a class are copied. */
  static Kind kind(Class<?> type) {
    return KINDS.get(type);
  }

  /**
   * Returns the receiving isolate's class of the same name as {@code type}: itself for JDK classes, shared
   * classes and the isolate's own classes.
   *
   * @throws UnshareableValue if the isolate cannot load a class of that name
   */
  static Class<?> resolve(Class<?> type, IsolateState to) {
    if (type.isPrimitive()) {
      return type;
    }
    if (type.isArray()) {
      return resolve(type.getComponentType(), to).arrayType();
    }
    ClassLoader loader = to.loader();
    if (type.getClassLoader() == null || type.getClassLoader() == loader) {
      return type;
    }
    try {
      return loader.loadClass(type.getName());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UnshareableValue(type, to.label() + " cannot load a class of that name; add the jar or folder that"
          + " holds it to the isolate's class path, or its package to IsolateConfig.sharedPackages", e);
    }
  }

  private static Kind kindOf(Class<?> type) {
    if (IMMUTABLE_TYPES.contains(type)) {
      return Kind.IMMUTABLE;
    }
    if (type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
      return Kind.ENUM;
    }
    if (type.isArray()) {
      return type.getComponentType().isPrimitive() ? Kind.PRIMITIVE_ARRAY : Kind.OBJECT_ARRAY;
    }
    if (type == Optional.class) {
      return Kind.OPTIONAL;
    }
    if (SharedByReference.class.isAssignableFrom(type)) {
      return Kind.BY_REFERENCE;
    }
    if (type.isRecord()) {
      return Kind.RECORD;
    }
    if (Map.class.isAssignableFrom(type)) {
      return Kind.MAP;
    }
    if (List.class.isAssignableFrom(type)) {
      return Kind.LIST;
    }
    if (Set.class.isAssignableFrom(type)) {
      return Kind.SET;
    }
    return Serializable.class.isAssignableFrom(type) ? Kind.SERIALIZABLE : Kind.NOT_SHAREABLE;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object copyEnum(Enum<?> value, IsolateState to) {
    Class<?> type = value.getDeclaringClass();
    Class<?> target = resolve(type, to);
    return target == type ? value : Enum.valueOf((Class) target, value.name());
  }

  private static Object copyPrimitiveArray(Object array) {
    int length = Array.getLength(array);
    Object copy = Array.newInstance(array.getClass().getComponentType(), length);
    System.arraycopy(array, 0, copy, 0, length);
    return copy;
  }

  private static Object[] copyArray(Object[] array, IsolateState to, boolean strict) {
    Object[] copy = (Object[]) Array.newInstance(resolve(array.getClass().getComponentType(), to), array.length);
    for (int i = 0; i < array.length; i++) {
      try {
        copy[i] = copy(array[i], to, strict);
      } catch (UnshareableValue e) {
        throw e.within("element " + i);
      }
    }
    return copy;
  }

  private static Optional<?> copyOptional(Optional<?> value, IsolateState to, boolean strict) {
    try {
      return value.map(present -> copy(present, to, strict));
    } catch (UnshareableValue e) {
      throw e.within("value");
    }
  }

  private static Object copySet(Set<?> set, IsolateState to, boolean strict) {
    if (set instanceof SortedSet) {
      return ((SortedSet<?>) set).comparator() == null
          ? copyElements(set, new TreeSet<>(), to, strict)
          : copySerializable(set, to, strict); // the comparator is code, which only serialization can carry
    }
    return copyElements(set, new LinkedHashSet<>((int) (set.size() / 0.75f) + 1), to, strict);
  }

  private static <C extends Collection<Object>> C copyElements(
      Collection<?> elements, C copy, IsolateState to, boolean strict) {
    int index = 0;
    for (Object element : elements) {
      try {
        copy.add(copy(element, to, strict));
      } catch (UnshareableValue e) {
        throw e.within("element " + index);
      }
      index++;
    }
    return copy;
  }

  private static Object copyMap(Map<?, ?> map, IsolateState to, boolean strict) {
    Map<Object, Object> copy;
    if (map instanceof SortedMap) {
      if (((SortedMap<?, ?>) map).comparator() != null) {
        return copySerializable(map, to, strict);
      }
      copy = new TreeMap<>();
    } else {
      copy = new LinkedHashMap<>((int) (map.size() / 0.75f) + 1);
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object key;
      try {
        key = copy(entry.getKey(), to, strict);
      } catch (UnshareableValue e) {
        throw e.within("key " + describe(entry.getKey()));
      }
      try {
        copy.put(key, copy(entry.getValue(), to, strict));
      } catch (UnshareableValue e) {
        throw e.within("value for key " + describe(entry.getKey()));
      }
    }
    return copy;
  }

  private static Object copySerializable(Object value, IsolateState to, boolean strict) {
    if (strict) {
      throw new UnshareableValue(value.getClass(), ONLY_SHAREABLE, null);
    }
    if (!(value instanceof Serializable)) {
      throw new UnshareableValue(value.getClass(), NOT_SHAREABLE, null);
    }
    return SerialCopier.copy(value, to);
  }

  /** A short, readable form of a map key for a path: {@code 'name'} for strings, the value otherwise. */
  static String describe(Object key) {
    String text = key instanceof Object[] ? Arrays.deepToString((Object[]) key) : String.valueOf(key);
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    return key instanceof String ? "'" + text + "'" : text;
  }
}
