package dev.isolates.impl.value;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * The components, accessors and canonical constructor of one record class, as handles cached in a
 * {@link ClassValue} of that class: it holds only that class's own members, so it never keeps another isolate's
 * classes reachable. Used to rebuild records as the receiving isolate's class, by the copier and the decoder.
 */
final class RecordShape {
  private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
    @Override
    protected RecordShape computeValue(Class<?> type) {
      return new RecordShape(type);
    }
  };

  final Class<?> type;
  final String[] names;
  /** Whether every component is of an immutable type: primitives, immutable JDK values and enums. */
  final boolean immutable;
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;

  private RecordShape(Class<?> type) {
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    names = new String[components.length];
    accessors = new MethodHandle[components.length];
    Class<?>[] types = new Class<?>[components.length];
    boolean allImmutable = true;
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      for (int i = 0; i < components.length; i++) {
        names[i] = components[i].getName();
        types[i] = components[i].getType();
        accessors[i] = lookup.unreflect(components[i].getAccessor())
            .asType(MethodType.methodType(Object.class, Object.class));
        allImmutable &= types[i].isPrimitive() || types[i].isEnum() || ValueKind.isImmutable(types[i]);
      }
      constructor = lookup.findConstructor(type, MethodType.methodType(void.class, types))
          .asSpreader(Object[].class, components.length)
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("its accessors or canonical constructor cannot be reached (" + e
          + "); records of named modules must open their package to the unnamed module", e);
    }
    this.immutable = allImmutable;
  }

  /**
   * Returns the shape of a record class.
   *
   * @throws Unshareable if the class is not a record or its members cannot be reached
   */
  static RecordShape of(Class<?> type) {
    if (!type.isRecord()) {
      throw Unshareable.of(type, "a class of that name is not a record in the receiving isolate", null);
    }
    try {
      return SHAPES.get(type);
    } catch (IllegalStateException e) {
      throw Unshareable.of(type, e.getMessage(), e.getCause());
    }
  }

  /** Checks that a record of this shape can be rebuilt from components with these names. */
  void requireComponents(String[] sent, Receiver into) {
    if (!Arrays.equals(sent, names)) {
      throw Unshareable.differentRecord(type, into, sent, names);
    }
  }

  Object component(Record value, int index) {
    try {
      return accessors[index].invokeExact((Object) value);
    } catch (Throwable e) {
      throw Unshareable.of(type, "its accessor " + names[index] + "() threw " + e, e);
    }
  }

  Object construct(Object[] components, Receiver into) {
    try {
      return constructor.invokeExact(components);
    } catch (Throwable e) {
      throw Unshareable.of(type, "its canonical constructor threw " + e + " when rebuilding it in "
          + into.label(), e);
    }
  }
}
