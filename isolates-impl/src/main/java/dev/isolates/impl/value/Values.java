package dev.isolates.impl.value;

import dev.isolates.NotShareableException;
import java.lang.reflect.Array;

/**
 * The value model of isolates, as the rest of the runtime uses it: what may cross between isolates and how
 * (see {@link dev.isolates.Isolates#isShareable(Object)} for the rules). Values are copied object to object for
 * calls, or encoded to bytes and decoded for queues; both walk the value the same way ({@link Traversal}), and
 * every refusal is a {@link NotShareableException} that names the path of the offending part, starting from a
 * root the caller names ({@code argument 2}, {@code result}, {@code item}).
 *
 * <p>This layer knows nothing of the registry or of queue storage: the receiving isolate comes in as a
 * {@link Receiver}, bytes go to a {@link ValueOutput} and come from a {@link ValueInput} that the storage owns,
 * and handles read from bytes are resolved through a {@link HandleLookup}. The only caches are
 * {@link ClassValue}s whose values belong to the class they are attached to, so nothing here keeps an isolate's
 * class loader reachable.
 */
public final class Values {
  private Values() {}

  /**
   * Copies a value into an isolate. Call it inside the receiving isolate, so that the constructors and
   * {@code readObject} methods of rebuilt values run there.
   *
   * @param into the receiving isolate
   * @param strict whether to refuse values that are merely {@link java.io.Serializable}, as {@code prepareMain}
   *     does
   * @param root where the value sits, for messages: {@code argument 2}, {@code result}, {@code binding 'x'}
   * @return the copy, made of the receiver's classes; immutable JDK values and handles themselves
   * @throws NotShareableException if the value or a part of it cannot cross
   */
  public static Object copy(Object value, Receiver into, boolean strict, String root) {
    if (value == null) {
      return null;
    }
    Class<?> type = value.getClass();
    if (type == Integer.class || type == String.class || type == Long.class || ValueKind.isImmutable(type)) {
      return value; // most arguments: no walk, no allocation
    }
    try {
      return new Copier(into, strict).visit(value);
    } catch (Unshareable e) {
      throw e.toException(root);
    }
  }

  /**
   * Tells whether a value is shareable: whether {@code prepareMain} would accept it.
   *
   * @param value any value
   * @return false if it, or a part of it, is outside the shareable set, contains itself or nests too deeply
   */
  public static boolean isShareable(Object value) {
    try {
      new Checker().visit(value);
      return true;
    } catch (Unshareable e) {
      return false;
    }
  }

  /**
   * Encodes a value.
   *
   * @param out where the bytes go
   * @param root where the value sits, for messages
   * @throws NotShareableException if the value or a part of it cannot cross; {@code out} then holds part of it
   */
  public static void encode(Object value, ValueOutput out, String root) {
    try {
      ValueKind kind = value == null ? null : ValueKind.of(value.getClass());
      if (kind == ValueKind.IMMUTABLE) {
        Encoder.writeImmutable(value, out); // most items: no walk, no allocation
      } else if (kind == ValueKind.PRIMITIVE_ARRAY) {
        Encoder.writePrimitiveArray(value, out);
      } else {
        new Encoder(out).visit(value);
      }
    } catch (Unshareable e) {
      throw e.toException(root);
    }
  }

  /**
   * Tells how many bytes {@link #encode} writes for a value at most, if encoding it runs no code but the JDK's and
   * cannot fail: so that storage may encode it straight into memory it holds locked, without a buffer in between.
   * That is so for strings, boxed primitives and primitive arrays. Other values (records, whose accessors are
   * the application's code; collections, whose iterators may be; values of unknown size) answer -1: encode them
   * into a buffer of the caller's first.
   *
   * @return the most bytes the encoding takes, or -1
   */
  public static long plainSize(Object value) {
    if (value instanceof String) {
      return 5 + 3L * ((String) value).length(); // tag, length, at most 3 bytes of UTF-8 per char
    }
    if (value instanceof Integer || value instanceof Float || value instanceof Short || value instanceof Character) {
      return 5;
    }
    if (value instanceof Long || value instanceof Double) {
      return 9;
    }
    if (value instanceof Boolean || value instanceof Byte) {
      return 2;
    }
    if (value instanceof byte[] || value instanceof boolean[]) {
      return 5 + (long) Array.getLength(value);
    }
    if (value instanceof long[] || value instanceof double[]) {
      return 5 + 8L * Array.getLength(value);
    }
    if (value instanceof int[] || value instanceof float[] || value instanceof short[] || value instanceof char[]) {
      return 5 + 4L * Array.getLength(value);
    }
    return -1;
  }

  /**
   * Encodes a value that {@link #plainSize} measured: what {@link #encode} writes, without looking up how its
   * class crosses.
   *
   * @param out where the bytes go
   */
  public static void encodePlain(Object value, ValueOutput out) {
    if (value.getClass().isArray()) {
      Encoder.writePrimitiveArray(value, out);
    } else {
      Encoder.writeImmutable(value, out);
    }
  }

  /**
   * Decodes a value written by {@link #encode} into an isolate. Call it inside the receiving isolate.
   *
   * @param in the bytes, positioned at the value
   * @param into the receiving isolate, whose loader resolves the classes named in the bytes
   * @param handles resolves the handles the value holds
   * @param root where the value sits, for messages
   * @throws NotShareableException if the receiver cannot load a class the value names
   */
  public static Object decode(ValueInput in, Receiver into, HandleLookup handles, String root) {
    try {
      return ValueDecoder.decode(in, into, handles, 0);
    } catch (Unshareable e) {
      throw e.toException(root);
    }
  }
}
