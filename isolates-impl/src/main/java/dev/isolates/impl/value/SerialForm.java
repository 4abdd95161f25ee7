package dev.isolates.impl.value;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The serialization fallback of the value model (Python's pickle): writes a {@link Serializable} value with
 * Java serialization and reads it back with every class resolved by the receiving isolate's class loader, so
 * the copy is made of the receiver's classes. A deserialization filter admits only classes the receiver itself
 * can load, after the JVM-wide filter if one is set.
 */
final class SerialForm {
  private static final int MAX_SEARCH_DEPTH = 64;

  private SerialForm() {}

  static Object copy(Object value, Receiver into) {
    return read(write(value), into, value.getClass().getName());
  }

  /** Serializes a value; a part that is not serializable is reported with its path. */
  static byte[] write(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw explain(value, e);
    } catch (StackOverflowError e) {
      throw tooDeep(value.getClass().getName(), e);
    } catch (IOException | RuntimeException e) {
      throw Unshareable.of(value.getClass(), "serializing it failed: " + e, e);
    }
    return bytes.toByteArray();
  }

  /** Deserializes a value in the receiving isolate; {@code typeName} names it in errors. */
  static Object read(byte[] bytes, Receiver into, String typeName) {
    try (ObjectInputStream in = new IsolateObjectInputStream(bytes, into)) {
      return in.readObject();
    } catch (ClassNotFoundException e) {
      throw Unshareable.cannotLoad(typeName, e.getMessage(), into, e);
    } catch (InvalidClassException e) {
      throw Unshareable.of(typeName, "its serialized form cannot be read in " + into.label() + ": "
          + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw tooDeep(typeName, e);
    } catch (IOException | RuntimeException e) {
      throw Unshareable.of(typeName, "deserializing it in " + into.label() + " failed: " + e, e);
    }
  }

  private static Unshareable tooDeep(String typeName, StackOverflowError e) {
    return Unshareable.of(typeName, "it nests too deeply for Java serialization, which ran out of stack; pass it"
        + " flatter, or give its class a writeObject that writes its parts in a loop", e);
  }

  /** Finds the first part of the value that is not serializable, to name its path rather than just its type. */
  private static Unshareable explain(Object root, NotSerializableException e) {
    Deque<String> path = new ArrayDeque<>();
    Object culprit = findUnserializable(root, path, Collections.newSetFromMap(new IdentityHashMap<>()));
    if (culprit == null) {
      return Unshareable.of(root.getClass(), "serializing it failed: " + e.getMessage() + " is not Serializable", e);
    }
    Unshareable failure = Unshareable.notShareable(culprit.getClass());
    path.descendingIterator().forEachRemaining(failure::within);
    return failure;
  }

  /**
   * Walks what serialization would write (non-static, non-transient fields; elements of arrays, collections
   * and maps) and returns the first object that is not {@link Serializable}, leaving its path in {@code path}.
   */
  private static Object findUnserializable(Object value, Deque<String> path, Set<Object> seen) {
    if (value == null || !seen.add(value) || path.size() > MAX_SEARCH_DEPTH) {
      return null;
    }
    if (!(value instanceof Serializable)) {
      return value;
    }
    if (value instanceof Object[]) {
      Object[] array = (Object[]) value;
      for (int i = 0; i < array.length; i++) {
        Object found = findIn(array[i], Unshareable.elementStep(i), path, seen);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (value instanceof Collection) {
      Iterator<?> elements = ((Collection<?>) value).iterator();
      for (int i = 0; elements.hasNext(); i++) {
        Object found = findIn(elements.next(), Unshareable.elementStep(i), path, seen);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (value instanceof Map) {
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        Object found = findIn(entry.getKey(), Unshareable.keyStep(entry.getKey()), path, seen);
        if (found == null) {
          found = findIn(entry.getValue(), Unshareable.valueStep(entry.getKey()), path, seen);
        }
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    return findInFields(value, path, seen);
  }

  private static Object findInFields(Object value, Deque<String> path, Set<Object> seen) {
    // JDK classes are opaque here (their fields are not open to us); their content was checked above if any.
    for (Class<?> type = value.getClass(); type != null && type.getClassLoader() != null;
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.getType().isPrimitive()
            || !field.trySetAccessible()) {
          continue;
        }
        Object found;
        try {
          found = findIn(field.get(value), Unshareable.fieldStep(field.getName()), path, seen);
        } catch (IllegalAccessException e) {
          continue;
        }
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Object findIn(Object part, String step, Deque<String> path, Set<Object> seen) {
    path.addLast(step);
    Object found = findUnserializable(part, path, seen);
    if (found == null) {
      path.removeLast();
    }
    return found;
  }

  /** Resolves every class by the receiving isolate's loader, and admits only classes that loader can load. */
  private static final class IsolateObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    IsolateObjectInputStream(byte[] bytes, Receiver into) throws IOException {
      super(new ByteArrayInputStream(bytes));
      this.loader = into.loader();
      ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
      setObjectInputFilter(info -> {
        ObjectInputFilter.Status status =
            jvmWide == null ? ObjectInputFilter.Status.UNDECIDED : jvmWide.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED || info.serialClass() == null) {
          return status;
        }
        return isVisible(info.serialClass()) ? status : ObjectInputFilter.Status.REJECTED;
      });
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      return Class.forName(desc.getName(), false, loader);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaceNames) throws ClassNotFoundException {
      Class<?>[] interfaces = new Class<?>[interfaceNames.length];
      for (int i = 0; i < interfaceNames.length; i++) {
        interfaces[i] = Class.forName(interfaceNames[i], false, loader);
      }
      @SuppressWarnings("deprecation") // newProxyInstance would need an InvocationHandler we do not have here
      Class<?> proxy = Proxy.getProxyClass(loader, interfaces);
      return proxy;
    }

    /** Whether the receiving isolate resolves this class's name to this very class. */
    private boolean isVisible(Class<?> type) {
      Class<?> base = type;
      while (base.isArray()) {
        base = base.getComponentType();
      }
      if (base.isPrimitive() || base.getClassLoader() == null || base.getClassLoader() == loader
          || Proxy.isProxyClass(base)) {
        return true;
      }
      try {
        return Class.forName(base.getName(), false, loader) == base;
      } catch (ClassNotFoundException e) {
        return false;
      }
    }
  }
}
