package dev.isolates.impl.value;

import java.io.Serializable;
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
import java.util.Set;
import java.util.UUID;

/**
 * How the values of one class cross isolates: the one place that says what is shareable. The kind depends on
 * the class alone and is cached per class; the few choices that depend on the value itself (a sorted collection
 * with a comparator) are made by {@link Traversal}.
 */
enum ValueKind {
  /** Immutable JDK values: every isolate shares their classes, so they cross as they are. */
  IMMUTABLE,
  /** Isolate handles and queues: the same object in every isolate. */
  REFERENCE,
  ENUM,
  PRIMITIVE_ARRAY,
  OBJECT_ARRAY,
  OPTIONAL,
  /** Rebuilt as the receiver's class of the same name, through its canonical constructor. */
  RECORD,
  /** A JDK list, set or map, rebuilt element by element as its own class (see {@link JdkCollection}). */
  COLLECTION,
  /** Any other Serializable value: copied through serialization (Python's pickle fallback); not shareable. */
  SERIALIZABLE,
  NOT_SHAREABLE;

  /**
   * The immutable JDK value types, in the order their encodings number them (see {@link Encoder}); java.time's
   * are written as text and parsed back.
   */
  static final List<Class<?>> TIME_TYPES = List.of(Duration.class, Instant.class, LocalDate.class,
      LocalDateTime.class, LocalTime.class, MonthDay.class, OffsetDateTime.class, OffsetTime.class, Period.class,
      Year.class, YearMonth.class, ZonedDateTime.class, ZoneOffset.class, ZoneId.of("Europe/Paris").getClass());
  private static final Set<Class<?>> OTHER_IMMUTABLE_TYPES = Set.of(
      String.class, Boolean.class, Character.class, Byte.class, Short.class, Integer.class, Long.class,
      Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, OptionalInt.class,
      OptionalLong.class, OptionalDouble.class);

  private static final ClassValue<ValueKind> KINDS = new ClassValue<>() {
    @Override
    protected ValueKind computeValue(Class<?> type) {
      return classify(type);
    }
  };

  /** Returns the kind of the values of a class. */
  static ValueKind of(Class<?> type) {
    return KINDS.get(type);
  }

  /** Tells whether values of a class are immutable JDK values, which cross without a copy. */
  static boolean isImmutable(Class<?> type) {
    return KINDS.get(type) == IMMUTABLE;
  }

  private static ValueKind classify(Class<?> type) {
    if (OTHER_IMMUTABLE_TYPES.contains(type) || TIME_TYPES.contains(type) || isJdkCharset(type)) {
      return IMMUTABLE;
    }
    if (type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
      return ENUM;
    }
    if (type.isArray()) {
      return type.getComponentType().isPrimitive() ? PRIMITIVE_ARRAY : OBJECT_ARRAY;
    }
    if (type == Optional.class) {
      return OPTIONAL;
    }
    if (SharedByReference.class.isAssignableFrom(type)) {
      return REFERENCE;
    }
    if (type.isRecord()) {
      return RECORD;
    }
    if (JdkCollection.of(type) != null) {
      return COLLECTION;
    }
    return Serializable.class.isAssignableFrom(type) ? SERIALIZABLE : NOT_SHAREABLE;
  }

  /**
   * Whether a class is one of the JDK's charsets (of {@code java.base} or {@code jdk.charsets}), which every
   * isolate shares; a charset of an application's provider is a class of the application, and not shareable.
   */
  private static boolean isJdkCharset(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return Charset.class.isAssignableFrom(type)
        && (loader == null || loader == ClassLoader.getPlatformClassLoader());
  }
}
