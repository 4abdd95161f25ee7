package dev.isolates.impl.value;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one walk over a value that every way of crossing shares: copying into another isolate ({@link Copier}),
 * encoding to bytes ({@link Encoder}) and checking ({@link Checker}). It dispatches on the {@link ValueKind} of
 * each part, decides what depends on the value rather than its class (a sorted collection with a comparator
 * goes by serialization), names the path of a part that fails, and refuses values that contain themselves or
 * nest too deeply, before the stack runs out. Each back end says what to do with each kind of part.
 *
 * <p>A value with a cycle is found by its depth: it would nest without end, so it reaches {@link #MAX_DEPTH},
 * where the walk looks for the first container that is one of its own enclosing ones and reports the path to
 * it. Values without cycles pay a counter per container and nothing else.
 *
 * <p>Not thread-safe: one instance per walk.
 */
abstract class Traversal {
  /** The deepest a value may nest: far beyond real data, and well within a thread's stack. */
  static final int MAX_DEPTH = 500;

  /** The containers enclosing the part being visited, outermost first; allocated with the first container. */
  private Object[] enclosing;
  private int depth;

  /** Visits a value, or a part of one. */
  final Object visit(Object value) {
    if (value == null) {
      return nothing();
    }
    ValueKind kind = ValueKind.of(value.getClass());
    switch (kind) {
      case IMMUTABLE:
        return immutable(value);
      case REFERENCE:
        return reference((SharedByReference) value);
      case ENUM:
        return enumConstant((Enum<?>) value);
      case PRIMITIVE_ARRAY:
        return primitiveArray(value);
      case SERIALIZABLE:
        return serializable(value);
      case NOT_SHAREABLE:
        throw Unshareable.notShareable(value.getClass());
      default:
        return container(value, kind);
    }
  }

  private Object container(Object value, ValueKind kind) {
    JdkCollection collection = kind == ValueKind.COLLECTION ? JdkCollection.of(value.getClass()) : null;
    if (collection != null && collection.hasComparator(value)) {
      return serializable(value); // the comparator is code, which only serialization can carry
    }
    enter(value);
    try {
      switch (kind) {
        case OBJECT_ARRAY:
          return objectArray((Object[]) value);
        case OPTIONAL:
          return optional((Optional<?>) value);
        case RECORD:
          return record((Record) value, RecordShape.of(value.getClass()));
        default:
          return collection.shape.isMap() ? map((Map<?, ?>) value, collection)
              : collection((Collection<?>) value, collection);
      }
    } finally {
      enclosing[--depth] = null;
    }
  }

  private void enter(Object container) {
    if (enclosing == null) {
      enclosing = new Object[8];
    } else if (depth == enclosing.length) {
      if (depth == MAX_DEPTH) {
        throw tooDeepOrCycle(container);
      }
      enclosing = java.util.Arrays.copyOf(enclosing, Math.min(depth * 2, MAX_DEPTH));
    }
    enclosing[depth++] = container;
  }

  /**
   * Reports a value that reached the depth limit: if one of the containers on the path is also one of its
   * own enclosing containers, the value contains itself, and the path is cut where the cycle closes.
   */
  private Unshareable tooDeepOrCycle(Object container) {
    Map<Object, Integer> levels = new IdentityHashMap<>();
    for (int level = 0; level < depth; level++) {
      Integer earlier = levels.putIfAbsent(enclosing[level], level);
      if (earlier != null) {
        // The steps below this level are dropped as the failure unwinds through them.
        return Unshareable.containsItself(enclosing[level].getClass(), earlier).skippingInnermost(depth - level);
      }
    }
    return Unshareable.tooDeep(container.getClass(), MAX_DEPTH);
  }

  // Parts of containers: each names its step if it fails.

  final Object element(Object value, int index) {
    try {
      return visit(value);
    } catch (Unshareable e) {
      throw e.within(Unshareable.elementStep(index));
    }
  }

  final Object key(Object key) {
    try {
      return visit(key);
    } catch (Unshareable e) {
      throw e.within(Unshareable.keyStep(key));
    }
  }

  final Object valueFor(Object key, Object value) {
    try {
      return visit(value);
    } catch (Unshareable e) {
      throw e.within(Unshareable.valueStep(key));
    }
  }

  final Object component(RecordShape shape, int index, Object value) {
    try {
      return visit(value);
    } catch (Unshareable e) {
      throw e.within(Unshareable.componentStep(shape.names[index]));
    }
  }

  final Object content(Optional<?> value) {
    try {
      return visit(value.get());
    } catch (Unshareable e) {
      throw e.within(Unshareable.OPTIONAL_STEP);
    }
  }

  // What each back end does with each kind of part.

  abstract Object nothing();

  abstract Object immutable(Object value);

  abstract Object reference(SharedByReference value);

  abstract Object enumConstant(Enum<?> value);

  abstract Object primitiveArray(Object array);

  /** A value outside the shareable set that is {@link java.io.Serializable}. */
  abstract Object serializable(Object value);

  abstract Object objectArray(Object[] array);

  abstract Object optional(Optional<?> value);

  abstract Object record(Record value, RecordShape shape);

  abstract Object collection(Collection<?> value, JdkCollection type);

  abstract Object map(Map<?, ?> value, JdkCollection type);
}
