package dev.isolates.impl.value;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Tells whether a value is shareable ({@code Isolates.isShareable}) by walking it as a copy would, without
 * copying: the serialization fallback does not count, as for {@code prepareMain}.
 */
final class Checker extends Traversal {

  @Override
  Object nothing() {
    return null;
  }

  @Override
  Object immutable(Object value) {
    return null;
  }

  @Override
  Object reference(SharedByReference value) {
    return null;
  }

  @Override
  Object enumConstant(Enum<?> value) {
    return null;
  }

  @Override
  Object primitiveArray(Object array) {
    return null;
  }

  @Override
  Object serializable(Object value) {
    throw Unshareable.onlyShareable(value.getClass());
  }

  @Override
  Object objectArray(Object[] array) {
    for (int i = 0; i < array.length; i++) {
      element(array[i], i);
    }
    return null;
  }

  @Override
  Object optional(Optional<?> value) {
    return value.isEmpty() ? null : content(value);
  }

  @Override
  Object record(Record value, RecordShape shape) {
    for (int i = 0; i < shape.names.length; i++) {
      component(shape, i, shape.component(value, i));
    }
    return null;
  }

  @Override
  Object collection(Collection<?> value, JdkCollection type) {
    int index = 0;
    for (Object element : value) {
      element(element, index++);
    }
    return null;
  }

  @Override
  Object map(Map<?, ?> value, JdkCollection type) {
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      key(entry.getKey());
      valueFor(entry.getKey(), entry.getValue());
    }
    return null;
  }
}
