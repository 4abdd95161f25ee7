package dev.isolates.impl.value;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Copies a value into a receiving isolate, object to object: what {@code call} and {@code prepareMain} do with
 * arguments, captured values, results and bindings. Immutable JDK values and handles cross as they are;
 * everything else is rebuilt from the receiver's classes. The caller runs the copy inside the receiver, so that
 * record constructors and {@code readObject} methods run there.
 */
final class Copier extends Traversal {
  private final Receiver into;
  /** Whether to refuse the serialization fallback, as {@code prepareMain} does. */
  private final boolean strict;

  Copier(Receiver into, boolean strict) {
    this.into = into;
    this.strict = strict;
  }

  @Override
  Object nothing() {
    return null;
  }

  @Override
  Object immutable(Object value) {
    return value;
  }

  @Override
  Object reference(SharedByReference value) {
    return value;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  Object enumConstant(Enum<?> value) {
    Class<?> type = value.getDeclaringClass();
    Class<?> target = resolve(type);
    return target == type ? value : Enum.valueOf((Class) target, value.name());
  }

  @Override
  Object primitiveArray(Object array) {
    int length = Array.getLength(array);
    Object copy = Array.newInstance(array.getClass().getComponentType(), length);
    System.arraycopy(array, 0, copy, 0, length);
    return copy;
  }

  @Override
  Object serializable(Object value) {
    if (strict) {
      throw Unshareable.onlyShareable(value.getClass());
    }
    return SerialForm.copy(value, into);
  }

  @Override
  Object objectArray(Object[] array) {
    Object[] copy = (Object[]) Array.newInstance(resolve(array.getClass().getComponentType()), array.length);
    for (int i = 0; i < array.length; i++) {
      copy[i] = element(array[i], i);
    }
    return copy;
  }

  @Override
  Object optional(Optional<?> value) {
    return value.isEmpty() ? value : Optional.of(content(value));
  }

  @Override
  Object record(Record value, RecordShape shape) {
    Class<?> target = resolve(shape.type);
    if (target == shape.type && shape.immutable) {
      return value;
    }
    RecordShape targetShape = target == shape.type ? shape : RecordShape.of(target);
    targetShape.requireComponents(shape.names, into);
    Object[] components = new Object[shape.names.length];
    for (int i = 0; i < components.length; i++) {
      components[i] = component(shape, i, shape.component(value, i));
    }
    return targetShape.construct(components, into);
  }

  @Override
  Object collection(Collection<?> value, JdkCollection type) {
    Object copy = type.newBuilder(value.size());
    int index = 0;
    for (Object element : value) {
      JdkCollection.add(copy, element(element, index++));
    }
    return type.finish(copy);
  }

  @Override
  Object map(Map<?, ?> value, JdkCollection type) {
    Object copy = type.newBuilder(value.size());
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      Object key = key(entry.getKey());
      JdkCollection.put(copy, key, valueFor(entry.getKey(), entry.getValue()));
    }
    return type.finish(copy);
  }

  /** Returns the receiver's class of the same name: itself for JDK classes, shared ones and the receiver's own. */
  private Class<?> resolve(Class<?> type) {
    if (type.isPrimitive()) {
      return type;
    }
    if (type.isArray()) {
      return resolve(type.getComponentType()).arrayType();
    }
    ClassLoader loader = into.loader();
    if (type.getClassLoader() == null || type.getClassLoader() == loader) {
      return type;
    }
    try {
      return loader.loadClass(type.getName());
    } catch (ClassNotFoundException | LinkageError e) {
      throw Unshareable.cannotLoad(type.getName(), null, into, e);
    }
  }
}
