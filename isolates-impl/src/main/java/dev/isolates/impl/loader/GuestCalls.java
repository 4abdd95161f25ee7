package dev.isolates.impl.loader;

import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Sends an isolate's calls of the JDK methods that would escape it to its own {@code dev.isolates.guest.Guest}:
 * exits and shutdown hooks, and the creation of thread-locals, both as instructions and as method handles (the
 * method references {@code System::exit} or {@code Runtime.getRuntime()::addShutdownHook} compile to handles).
 */
public final class GuestCalls extends MethodVisitor {
  static final String THREAD_LOCAL = "java/lang/ThreadLocal";
  static final String ISOLATE_LOCAL = "dev/isolates/impl/loader/IsolateLocal";
  private static final String GUEST = GuestClass.INTERNAL_NAME;
  private static final String HOOKS_DESCRIPTOR = "Ldev/isolates/impl/loader/IsolateHooks;";
  private static final String CONSTRUCTOR = "<init>";

  /**
   * Owner, name and descriptor of each replaced JDK method, to the static method of Guest that replaces it.
   * An instance method's replacement takes the receiver first, so the stack effect and a handle's type stay
   * the same. The constructor appears only in handles (ThreadLocal::new); as an instruction it is handled apart.
   */
  private static final Map<String, Handle> REPLACEMENTS = Map.ofEntries(
      replace("java/lang/System.exit(I)V", "exit", "(I)V"),
      replace("java/lang/Runtime.exit(I)V", "exit", "(Ljava/lang/Runtime;I)V"),
      replace("java/lang/Runtime.halt(I)V", "halt", "(Ljava/lang/Runtime;I)V"),
      replace("java/lang/Runtime.addShutdownHook(Ljava/lang/Thread;)V",
          "addShutdownHook", "(Ljava/lang/Runtime;Ljava/lang/Thread;)V"),
      replace("java/lang/Runtime.removeShutdownHook(Ljava/lang/Thread;)Z",
          "removeShutdownHook", "(Ljava/lang/Runtime;Ljava/lang/Thread;)Z"),
      replace("java/lang/ThreadLocal.withInitial(Ljava/util/function/Supplier;)Ljava/lang/ThreadLocal;",
          "withInitial", "(Ljava/util/function/Supplier;)Ljava/lang/ThreadLocal;"),
      replace("java/lang/ThreadLocal.<init>()V", "newLocal", "()Ljava/lang/ThreadLocal;"),
      // DriverManager: the isolate's own JDBC drivers are loaded first, and the call is made by its Guest,
      // whose class loader DriverManager checks drivers against.
      sameShape("java/sql/DriverManager", "getConnection", "(Ljava/lang/String;)Ljava/sql/Connection;"),
      sameShape("java/sql/DriverManager", "getConnection",
          "(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;"),
      sameShape("java/sql/DriverManager", "getConnection",
          "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)Ljava/sql/Connection;"),
      sameShape("java/sql/DriverManager", "getDriver", "(Ljava/lang/String;)Ljava/sql/Driver;"),
      sameShape("java/sql/DriverManager", "getDrivers", "()Ljava/util/Enumeration;"),
      sameShape("java/sql/DriverManager", "drivers", "()Ljava/util/stream/Stream;"),
      sameShape("java/sql/DriverManager", "registerDriver", "(Ljava/sql/Driver;)V"),
      sameShape("java/sql/DriverManager", "registerDriver", "(Ljava/sql/Driver;Ljava/sql/DriverAction;)V"),
      sameShape("java/sql/DriverManager", "deregisterDriver", "(Ljava/sql/Driver;)V"),
      // Threads the isolate's code starts are counted as inside it first, and refused past its threads limit.
      replace("java/lang/Thread.start()V", "start", "(Ljava/lang/Thread;)V"),
      sameShape("java/lang/Thread", "startVirtualThread", "(Ljava/lang/Runnable;)Ljava/lang/Thread;"),
      sameShape("java/util/concurrent/Executors", "newVirtualThreadPerTaskExecutor",
          "()Ljava/util/concurrent/ExecutorService;"),
      // The common pool is the isolate's own, whose threads are the isolate's.
      sameShape("java/util/concurrent/ForkJoinPool", "commonPool", "()Ljava/util/concurrent/ForkJoinPool;"));

  /**
   * The JDK classes whose objects start threads that swallow interrupts, so that only their own shutdown stops
   * them, or hold a port: each one the isolate's code creates is handed to {@code Guest.track}, for
   * {@code terminate} and close.
   */
  private static final Set<String> TRACKED = Set.of("java/util/Timer", "java/util/concurrent/ThreadPoolExecutor",
      "java/util/concurrent/ScheduledThreadPoolExecutor", "java/util/concurrent/ForkJoinPool",
      "java/net/ServerSocket");
  private static final String EXECUTORS = "java/util/concurrent/Executors";

  /**
   * Stack slots added to the method's maximum: the constructor of IsolateLocal takes one argument more, and a
   * tracked object is duplicated for {@code Guest.track}.
   */
  private int extraStack;
  /** The types of the NEW instructions whose constructor call is still to come, innermost last. */
  private final java.util.ArrayDeque<String> pendingNews = new java.util.ArrayDeque<>();

  GuestCalls(MethodVisitor next) {
    super(Opcodes.ASM9, next);
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    boolean newThreadLocal = opcode == Opcodes.NEW && type.equals(THREAD_LOCAL);
    if (opcode == Opcodes.NEW) {
      pendingNews.addLast(type);
    }
    super.visitTypeInsn(opcode, newThreadLocal ? ISOLATE_LOCAL : type);
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    Handle replacement = opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKEVIRTUAL
        ? REPLACEMENTS.get(owner + '.' + name + descriptor) : null;
    if (replacement != null) {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, replacement.getName(), replacement.getDesc(), false);
    } else if (opcode == Opcodes.INVOKESPECIAL && owner.equals(THREAD_LOCAL) && name.equals(CONSTRUCTOR)) {
      // Both new ThreadLocal() and a subclass's super(): the object was created as an IsolateLocal, or its
      // class now extends IsolateLocal (see visitTypeInsn and IsolateClassVisitor).
      createdBy(owner);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, "hooks", "()" + HOOKS_DESCRIPTOR, false);
      super.visitMethodInsn(Opcodes.INVOKESPECIAL, ISOLATE_LOCAL, CONSTRUCTOR, "(" + HOOKS_DESCRIPTOR + ")V", false);
      extraStack = 1;
    } else {
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
      if (opcode == Opcodes.INVOKESPECIAL && name.equals(CONSTRUCTOR) && createdBy(owner)
          && TRACKED.contains(owner)) {
        track(); // new Timer(...): the object is on the stack
      } else if (opcode == Opcodes.INVOKESTATIC && owner.equals(EXECUTORS) && name.startsWith("new")
          && descriptor.endsWith("ExecutorService;")) {
        track(); // Executors.newFixedThreadPool(...) and the like
      }
    }
  }

  /**
   * Tells whether a constructor call of {@code owner} ends a NEW instruction (an object creation) rather than a
   * constructor's call of its super or sibling constructor, and pairs it with that NEW.
   */
  private boolean createdBy(String owner) {
    if (owner.equals(pendingNews.peekLast()) || (owner.equals(THREAD_LOCAL) && ISOLATE_LOCAL.equals(pendingNews.peekLast()))) {
      pendingNews.removeLast();
      return true;
    }
    return false;
  }

  /** Hands a copy of the object on top of the stack to {@code Guest.track}, leaving the stack as it was. */
  private void track() {
    trackTopOfStack(mv);
    extraStack = Math.max(extraStack, 1);
  }

  /** Writes, through {@code next}, a call handing a copy of the object on top of the stack to {@code Guest.track}. */
  static void trackTopOfStack(MethodVisitor next) {
    next.visitInsn(Opcodes.DUP);
    next.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, "track", "(Ljava/lang/Object;)V", false);
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
    Object[] replaced = arguments.clone();
    for (int i = 0; i < replaced.length; i++) {
      replaced[i] = replaced(replaced[i]);
    }
    super.visitInvokeDynamicInsn(name, descriptor, bootstrap, replaced);
  }

  @Override
  public void visitLdcInsn(Object value) {
    super.visitLdcInsn(replaced(value));
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    super.visitMaxs(maxStack + extraStack, maxLocals);
  }

  /**
   * A constant with a handle to a replaced method changed into a handle to its replacement. A bound receiver
   * ({@code Runtime.getRuntime()::exit}) becomes the replacement's first argument, as LambdaMetafactory allows.
   */
  private static Object replaced(Object constant) {
    if (!(constant instanceof Handle)) {
      return constant;
    }
    Handle handle = (Handle) constant;
    int tag = handle.getTag();
    boolean replaceable = tag == Opcodes.H_INVOKESTATIC || tag == Opcodes.H_INVOKEVIRTUAL
        || tag == Opcodes.H_NEWINVOKESPECIAL;
    Handle replacement = replaceable
        ? REPLACEMENTS.get(handle.getOwner() + '.' + handle.getName() + handle.getDesc()) : null;
    return replacement != null ? replacement : handle;
  }

  /**
   * Returns the Guest method that replaces a JDK method for isolate code, as name and descriptor, or null if the
   * method is not replaced. For the invoker, whose task may be a method reference to such a method itself.
   */
  public static String[] replacementOf(String owner, String name, String descriptor) {
    Handle replacement = REPLACEMENTS.get(owner + '.' + name + descriptor);
    return replacement == null ? null : new String[] {replacement.getName(), replacement.getDesc()};
  }

  private static Map.Entry<String, Handle> replace(String method, String name, String descriptor) {
    return Map.entry(method, new Handle(Opcodes.H_INVOKESTATIC, GUEST, name, descriptor, false));
  }

  /** A static JDK method replaced by Guest's method of the same name and descriptor. */
  private static Map.Entry<String, Handle> sameShape(String owner, String name, String descriptor) {
    return replace(owner + '.' + name + descriptor, name, descriptor);
  }
}
