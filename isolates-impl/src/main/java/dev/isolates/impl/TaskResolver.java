package dev.isolates.impl;

import dev.isolates.NotShareableException;
import dev.isolates.impl.loader.GuestCalls;
import dev.isolates.impl.loader.IsolateClassLoader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * Finds a task's code inside a target isolate. A task is a serializable lambda or method reference, and its
 * {@link SerializedLambda} names the method that implements it. That method is looked up by name in the
 * target's copy of its class, so the task runs as the target's code and sees the target's static state.
 *
 * <h2>Caching</h2>
 * Three levels, none of which keeps a closed isolate's class loader reachable:
 * <ol>
 *   <li>per lambda class, a {@link ClassValue} holds a handle to its {@code writeReplace} method (the lambda's
 *       own class) and its {@link TaskKey}, made only of strings;</li>
 *   <li>per isolate, its {@link ResolvedTasks} map each {@code TaskKey} to the resolved handle, which points into
 *       that isolate's own classes and is dropped with it;</li>
 *   <li>per lambda class again, the isolate it was last called in and the handle resolved there, which the
 *       isolate forgets when it closes (it remembers, weakly, which lambda classes hold it).</li>
 * </ol>
 * A repeated call into the same isolate thus costs a {@code ClassValue} lookup, two plain field reads, a comparison
 * and the handle's invocation, with the arguments passed as they are; the values a lambda captured are read from its fields
 * (the {@code arg$1}, {@code arg$2}... of the JDK's lambda classes), not by serializing it again.
 */
final class TaskResolver {
  private static final ClassValue<LambdaClass> LAMBDA_CLASSES = new ClassValue<>() {
    @Override
    protected LambdaClass computeValue(Class<?> type) {
      return LambdaClass.of(type);
    }
  };

  private TaskResolver() {}

  /** Returns how to read a lambda of this class, or null if the task is not a serializable lambda. */
  static LambdaClass lambdaClass(Class<?> taskType) {
    LambdaClass lambda = LAMBDA_CLASSES.get(taskType);
    return lambda == LambdaClass.NONE ? null : lambda;
  }

  /**
   * Names a task for flight recorder events: {@code com.example.Demo::sum} for a lambda or method reference (the
   * method that implements it), the class name for another task object.
   */
  static String taskName(Object task) {
    LambdaClass lambda = lambdaClass(task.getClass());
    if (lambda == null) {
      return task.getClass().getName();
    }
    TaskKey key = lambda.key(task);
    return key.implClass + "::" + key.method;
  }

  /**
   * Resolves a task's implementation method in an isolate, as a handle that takes the captured values, then the
   * arguments, all as {@code Object}s, and returns an {@code Object}.
   *
   * @throws NotShareableException if the isolate cannot load or find the method
   */
  static MethodHandle resolve(TaskKey key, CallTarget target) {
    ClassLoader loader = target.loader();
    String[] guest = GuestCalls.replacementOf(key.implClass.replace('.', '/'), key.method, key.signature);
    if (guest != null && loader instanceof IsolateClassLoader) {
      // A method reference to System::exit and the like: the isolate's code calls its Guest instead.
      key = key.replacedBy("dev.isolates.guest.Guest", guest[0], guest[1]);
    }
    Class<?> owner;
    try {
      owner = Class.forName(key.implClass, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new NotShareableException(key.describe() + " is not shareable: " + target.label() + " cannot load "
          + key.implClass + ", which defines it; add that class's jar or folder to the isolate's class path", e);
    }
    try {
      // The method's own class decides what its signature's names mean: a shared class sees shared types.
      MethodType type = MethodType.fromMethodDescriptorString(key.signature, owner.getClassLoader());
      MethodHandles.Lookup lookup = lookupIn(owner);
      MethodHandle method;
      switch (key.kind) {
        case MethodHandleInfo.REF_invokeStatic:
          method = lookup.findStatic(owner, key.method, type);
          break;
        case MethodHandleInfo.REF_invokeVirtual:
        case MethodHandleInfo.REF_invokeInterface:
          method = lookup.findVirtual(owner, key.method, type);
          break;
        case MethodHandleInfo.REF_invokeSpecial:
          method = lookup.findSpecial(owner, key.method, type, owner);
          break;
        case MethodHandleInfo.REF_newInvokeSpecial:
          method = lookup.findConstructor(owner, type);
          break;
        default:
          throw new IllegalArgumentException("unsupported method kind " + MethodHandleInfo.referenceKindToString(key.kind));
      }
      return method.asType(MethodType.genericMethodType(method.type().parameterCount()));
    } catch (ReflectiveOperationException | IllegalArgumentException | TypeNotPresentException | LinkageError e) {
      throw new NotShareableException(key.describe() + " is not shareable: its method " + key.method
          + key.signature + " cannot be found in " + target.label() + "'s copy of " + key.implClass + " (" + e
          + "); give the isolate the same version of that class", e);
    }
  }

  private static MethodHandles.Lookup lookupIn(Class<?> owner) throws IllegalAccessException {
    // Classes of the class path live in unnamed modules, open to us; JDK classes only expose public members.
    return owner.getModule().isNamed() ? MethodHandles.publicLookup()
        : MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
  }

  /** What identifies a task's code in any isolate: the implementation method, by name. Strings only. */
  static final class TaskKey {
    final String implClass;
    final String method;
    final String signature;
    final int kind;
    private final int hash;

    TaskKey(SerializedLambda lambda) {
      this(lambda.getImplClass().replace('/', '.'), lambda.getImplMethodName(), lambda.getImplMethodSignature(),
          lambda.getImplMethodKind());
    }

    private TaskKey(String implClass, String method, String signature, int kind) {
      this.implClass = implClass;
      this.method = method;
      this.signature = signature;
      this.kind = kind;
      this.hash = Objects.hash(implClass, method, signature, kind);
    }

    /** The key of a static method that replaces this one; an instance method's receiver becomes its first argument. */
    TaskKey replacedBy(String owner, String name, String descriptor) {
      return new TaskKey(owner, name, descriptor, MethodHandleInfo.REF_invokeStatic);
    }

    /** Names the task for messages: {@code task com.example.Demo::sum}. */
    String describe() {
      return "task " + implClass + "::" + method;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof TaskKey)) {
        return false;
      }
      TaskKey that = (TaskKey) other;
      return hash == that.hash && kind == that.kind && implClass.equals(that.implClass)
          && method.equals(that.method) && signature.equals(that.signature);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return implClass + "::" + method + signature;
    }
  }

  /** One lambda class of a caller: how to serialize its instances, and its key once known. */
  static final class LambdaClass implements ResolvedTasks.Rememberer {
    static final LambdaClass NONE = new LambdaClass(null, null);

    private static final MethodHandle[] NO_FIELDS = {};

    private final MethodHandle writeReplace;
    /** Getters of the captured values, in capture order; null if the class's fields are not the JDK's usual. */
    private final MethodHandle[] capturedFields;
    /**
     * Set by the first call, with the captured count before it. Plain fields: racing calls compute equal values, and
     * a TaskKey's fields are final, so a thread that sees the key sees it whole; one that sees null computes it again.
     * The count is read only after the key was seen non-null by the same thread or computed by it.
     */
    private TaskKey key;
    private int capturedCount = -1;
    /**
     * The isolate this lambda was last called in, and its code there; cleared when that isolate closes. Plain: a
     * Resolved's fields are final, and a thread that misses a newer one resolves through the isolate's map.
     */
    private Resolved last;

    private LambdaClass(MethodHandle writeReplace, MethodHandle[] capturedFields) {
      this.writeReplace = writeReplace;
      this.capturedFields = capturedFields;
    }

    static LambdaClass of(Class<?> type) {
      if (!type.isSynthetic() && !type.isHidden()) {
        return NONE;
      }
      try {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        Method method = type.getDeclaredMethod("writeReplace");
        MethodHandle handle = lookup.unreflect(method).asType(MethodType.methodType(Object.class, Object.class));
        return new LambdaClass(handle, capturedFields(type, lookup));
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return NONE;
      }
    }

    /** Getters of a lambda class's fields {@code arg$1}..{@code arg$n}, or null if it has others. */
    private static MethodHandle[] capturedFields(Class<?> type, MethodHandles.Lookup lookup) {
      java.lang.reflect.Field[] fields = type.getDeclaredFields();
      MethodHandle[] getters = new MethodHandle[fields.length];
      for (java.lang.reflect.Field field : fields) {
        String name = field.getName();
        int index;
        try {
          index = name.startsWith("arg$") ? Integer.parseInt(name.substring(4)) - 1 : -1;
        } catch (NumberFormatException e) {
          index = -1;
        }
        if (index < 0 || index >= getters.length || java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
          return null;
        }
        try {
          getters[index] = lookup.unreflectGetter(field).asType(MethodType.methodType(Object.class, Object.class));
        } catch (IllegalAccessException e) {
          return null;
        }
      }
      return getters.length == 0 ? NO_FIELDS : getters;
    }

    /** The task's key; serializes the task only on the first call for this lambda class. */
    TaskKey key(Object task) {
      TaskKey known = key;
      if (known == null) {
        SerializedLambda lambda = serialize(task);
        capturedCount = lambda.getCapturedArgCount();
        known = new TaskKey(lambda);
        VarHandle.releaseFence(); // the count is written before the key is seen
        key = known;
      }
      return known;
    }

    /** The number of captured values; valid once {@link #key} was called. */
    int capturedCount() {
      return capturedCount;
    }

    /** The task's code in {@code target}: a comparison when the lambda was last called there. */
    MethodHandle codeIn(CallTarget target, Object task) {
      Resolved known = last;
      if (known != null && known.isolate == target) {
        return known.code;
      }
      ResolvedTasks resolved = target.resolvedTasks();
      MethodHandle code = resolved.code(key(task), k -> resolve((TaskKey) k, target));
      last = new Resolved(target, code);
      resolved.rememberedBy(this);
      return code;
    }

    /** Drops the code of a closed isolate, which must not stay reachable from a lambda class that outlives it. */
    @Override
    public void forget(Object closed) {
      Resolved known = last;
      if (known != null && known.isolate == closed) {
        last = null;
      }
    }

    /** An isolate and a task's code resolved in it. */
    private record Resolved(Object isolate, MethodHandle code) {}

    /** The values a lambda captured, read from its fields where it can, else from its serialized form. */
    Object[] captured(Object task) {
      if (capturedFields == null) {
        SerializedLambda serialized = serialize(task);
        Object[] values = new Object[serialized.getCapturedArgCount()];
        for (int i = 0; i < values.length; i++) {
          values[i] = serialized.getCapturedArg(i);
        }
        return values;
      }
      Object[] values = new Object[capturedFields.length];
      try {
        for (int i = 0; i < values.length; i++) {
          values[i] = (Object) capturedFields[i].invokeExact(task);
        }
      } catch (Throwable e) {
        throw new IllegalStateException("cannot read the captured values of lambda " + task.getClass(), e);
      }
      return values;
    }

    SerializedLambda serialize(Object task) {
      try {
        return (SerializedLambda) (Object) writeReplace.invokeExact(task);
      } catch (Throwable e) {
        throw new IllegalStateException("cannot read the serialized form of lambda " + task.getClass(), e);
      }
    }
  }
}
