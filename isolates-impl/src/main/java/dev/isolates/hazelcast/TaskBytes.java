package dev.isolates.hazelcast;

import dev.isolates.NotShareableException;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Values;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;

/**
 * A task as it travels to a member. A lambda or method reference travels as its serialized form (the names of its
 * capturing class and of the method it runs) and the values it captured, each encoded with the value model; any
 * other task travels as a value. The member rebuilds it inside the tenant's isolate, whose loader loads the task's
 * classes again, so the static state the task touches there is the tenant's own.
 */
final class TaskBytes {
  private static final byte LAMBDA = 1;
  private static final byte OBJECT = 2;

  private TaskBytes() {}

  /**
   * Encodes a task handed to a grid pool.
   *
   * @throws NotShareableException if the task is not serializable, or a value it holds cannot travel
   */
  static byte[] encode(Object task) {
    if (!(task instanceof Serializable)) {
      throw new NotShareableException("task (" + task.getClass().getName() + ") is not shareable: it is not"
          + " Serializable. Submit an IsolatedCallable, or cast the lambda to an intersection type such as"
          + " (Callable<T> & Serializable) or (Runnable & Serializable)");
    }
    ByteSink sink = new ByteSink();
    SerializedLambda lambda = serializedForm(task);
    if (lambda == null) {
      sink.writeByte(OBJECT);
      Values.encode(task, sink, "task");
    } else {
      sink.writeByte(LAMBDA);
      sink.writeUtf8(lambda.getCapturingClass());
      sink.writeUtf8(lambda.getFunctionalInterfaceClass());
      sink.writeUtf8(lambda.getFunctionalInterfaceMethodName());
      sink.writeUtf8(lambda.getFunctionalInterfaceMethodSignature());
      sink.writeInt(lambda.getImplMethodKind());
      sink.writeUtf8(lambda.getImplClass());
      sink.writeUtf8(lambda.getImplMethodName());
      sink.writeUtf8(lambda.getImplMethodSignature());
      sink.writeUtf8(lambda.getInstantiatedMethodType());
      sink.writeInt(lambda.getCapturedArgCount());
      for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
        Values.encode(lambda.getCapturedArg(i), sink, "captured value " + (i + 1));
      }
    }
    return sink.toByteArray();
  }

  /**
   * Rebuilds a task in the calling thread's isolate, which must be {@code into}: a lambda through its capturing
   * class's {@code $deserializeLambda$}, as Java serialization does, so that the class must be the one that made it.
   *
   * @throws ClassNotFoundException if the isolate cannot load the task's class, or a class it refers to; the
   *     message is the class's name
   * @throws OtherVersion if the isolate's class of that name is not the one that made the lambda
   * @throws NotShareableException if a captured value names a class the isolate cannot load
   */
  static Object decode(byte[] bytes, Receiver into) throws Exception {
    ByteSource source = new ByteSource(bytes);
    if (source.readByte() == OBJECT) {
      try {
        return Values.decode(source, into, GridValues.NO_HANDLES, "task");
      } catch (NotShareableException e) {
        if (e.getCause() instanceof ClassNotFoundException) { // the task's class, or one of its fields'
          throw (ClassNotFoundException) e.getCause();
        }
        throw e;
      }
    }
    String capturing = source.readUtf8().replace('/', '.');
    Class<?> capturingClass = Class.forName(capturing, false, into.loader());
    String functionalInterface = source.readUtf8();
    String interfaceMethod = source.readUtf8();
    String interfaceSignature = source.readUtf8();
    int implKind = source.readInt();
    String implClass = source.readUtf8();
    String implMethod = source.readUtf8();
    String implSignature = source.readUtf8();
    String instantiated = source.readUtf8();
    Object[] captured = new Object[source.readInt()];
    for (int i = 0; i < captured.length; i++) {
      captured[i] = Values.decode(source, into, GridValues.NO_HANDLES, "captured value " + (i + 1));
    }
    return rebuild(capturingClass, new SerializedLambda(capturingClass, functionalInterface, interfaceMethod,
        interfaceSignature, implKind, implClass, implMethod, implSignature, instantiated, captured));
  }

  private static Object rebuild(Class<?> capturing, SerializedLambda form) throws Exception {
    Method deserialize;
    try {
      deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
    } catch (NoSuchMethodException e) {
      throw new OtherVersion(capturing.getName(), "it makes no serializable lambda");
    }
    deserialize.setAccessible(true);
    try {
      return deserialize.invoke(null, form);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException) { // "Invalid lambda deserialization": not its lambda
        throw new OtherVersion(capturing.getName(), cause.getMessage());
      }
      if (cause instanceof NoClassDefFoundError) { // the class of a method reference
        throw new ClassNotFoundException(cause.getMessage().replace('/', '.'), cause);
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw (Exception) cause; // the capturing class's own code failed: the task's failure
    }
  }

  /** Runs a rebuilt task, a {@code Callable} or a {@code Runnable} as the pool accepts them: its result, or null. */
  static Object run(Object task) throws Exception {
    if (task instanceof Callable) {
      return ((Callable<?>) task).call();
    }
    ((Runnable) task).run();
    return null;
  }

  /** The serialized form of a lambda or method reference, or null for any other object. */
  private static SerializedLambda serializedForm(Object task) {
    Class<?> type = task.getClass();
    if (!type.isHidden()) { // lambdas and method references are hidden classes
      return null;
    }
    try {
      Method writeReplace = type.getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      Object form = writeReplace.invoke(task);
      return form instanceof SerializedLambda ? (SerializedLambda) form : null;
    } catch (NoSuchMethodException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the serialized form of lambda " + type.getName(), e);
    }
  }

  /** The isolate's class of a lambda's name is not the one that made the lambda. */
  static final class OtherVersion extends Exception {
    private static final long serialVersionUID = 1L;

    final String className;

    OtherVersion(String className, String reason) {
      super(reason);
      this.className = className;
    }
  }
}
