package dev.isolates.impl;

import dev.isolates.NotShareableException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * Finds a task's code inside a target isolate. A task is a serializable lambda or method reference, and its
 * {@link SerializedLambda} names the method that implements it. That method is looked up by name in the
 * target's copy of its class, so the task runs as the target's code and sees the target's static state.
 *
 * <h2>Caching</h2>
 * Two levels, each holding nothing that could keep another isolate's class loader reachable:
 * <ol>
 *   <li>per lambda class, a {@link ClassValue} holds a handle to its {@code writeReplace} method (the lambda's
 *       own class) and its {@link TaskKey}, made only of strings;</li>
 *   <li>per isolate, {@link IsolateState} maps each {@code TaskKey} to the resolved handle, which points into
 *       that isolate's own classes and is dropped with it.</li>
 * </ol>
 * A repeated call thus costs a {@code ClassValue} lookup, a hash lookup and the handle's invocation; only
 * lambdas that capture values are serialized again on each call, to read the captured values.
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
   * Resolves a task's implementation method in an isolate, as a handle of type {@code (Object[])Object} that
   * takes the captured values followed by the arguments.
   *
   * @throws NotShareableException if the isolate cannot load or find the method
   */
  static MethodHandle resolve(TaskKey key, IsolateState target) {
    ClassLoader loader = target.loader();
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
      int parameters = method.type().parameterCount();
      return method.asType(MethodType.genericMethodType(parameters))
          .asSpreader(Object[].class, parameters)
          .asType(MethodType.methodType(Object.class, Object[].class));
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
      this.implClass = lambda.getImplClass().replace('/', '.');
      this.method = lambda.getImplMethodName();
      this.signature = lambda.getImplMethodSignature();
      this.kind = lambda.getImplMethodKind();
      this.hash = Objects.hash(implClass, method, signature, kind);
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
  static final class LambdaClass {
    static final LambdaClass NONE = new LambdaClass(null);

    private final MethodHandle writeReplace;
    /** Set by the first call; racing calls compute equal keys, so a plain volatile write suffices. */
    private volatile TaskKey key;
    private volatile int capturedCount = -1;

    private LambdaClass(MethodHandle writeReplace) {
      this.writeReplace = writeReplace;
    }

    static LambdaClass of(Class<?> type) {
      if (!type.isSynthetic() && !type.isHidden()) {
        return NONE;
      }
      try {
        Method method = type.getDeclaredMethod("writeReplace");
        MethodHandle handle = MethodHandles.privateLookupIn(type, MethodHandles.lookup()).unreflect(method)
            .asType(MethodType.methodType(Object.class, Object.class));
        return new LambdaClass(handle);
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return NONE;
      }
    }

    /** The task's key; serializes the task only on the first call for this lambda class. */
    TaskKey key(Object task) {
      TaskKey known = key;
      if (known == null) {
        SerializedLambda lambda = serialize(task);
        capturedCount = lambda.getCapturedArgCount();
        key = known = new TaskKey(lambda);
      }
      return known;
    }

    /** The number of captured values; valid once {@link #key} was called. */
    int capturedCount() {
      return capturedCount;
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
