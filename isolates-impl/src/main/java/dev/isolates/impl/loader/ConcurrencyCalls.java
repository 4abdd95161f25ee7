package dev.isolates.impl.loader;

import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps inside the isolate the work its code hands to other threads through the JDK, where the JDK starts or
 * picks the thread (the simple cases, {@code Thread.start} and the common pool itself, are plain replacements in
 * {@link GuestCalls}):
 * <ul>
 *   <li>a thread builder's {@code start} becomes {@code unstarted} then {@code Guest.started}, and the factories of
 *       builders and of {@code Executors.newThreadPerTaskExecutor} announce each thread they make;</li>
 *   <li>{@code CompletableFuture}'s and {@code CompletionStage}'s async methods without an executor get the
 *       isolate's fork/join pool as their executor, as does {@code CompletableFuture.delayedExecutor};</li>
 *   <li>a parallel stream's terminal operation, the parallel methods of {@code Arrays}, the bulk operations of
 *       {@code ConcurrentHashMap} with a parallelism threshold and {@code ForkJoinTask.invokeAll} run in the
 *       isolate's pool unless the caller is a fork/join worker already
 *       (an invokedynamic whose bootstrap is {@code Guest.inForkJoinPool}; see {@link ForkJoinCalls}), and
 *       {@code ForkJoinTask.fork} from another thread goes to the isolate's pool;</li>
 *   <li>the servers its code creates through static factories ({@code HttpServer.create}, server channels'
 *       {@code open}) are handed to {@code Guest.track}, for terminate and close.</li>
 * </ul>
 */
final class ConcurrencyCalls extends MethodVisitor {
  private static final String GUEST = GuestClass.INTERNAL_NAME;
  private static final String THREAD = "java/lang/Thread";
  private static final String RUNNABLE_TO_THREAD = "(Ljava/lang/Runnable;)Ljava/lang/Thread;";
  private static final String THREAD_FACTORY = "Ljava/util/concurrent/ThreadFactory;";
  private static final String EXECUTOR = "Ljava/util/concurrent/Executor;";
  private static final String FORK_JOIN_TASK = "Ljava/util/concurrent/ForkJoinTask;";
  private static final Set<String> THREAD_BUILDERS =
      Set.of("java/lang/Thread$Builder", "java/lang/Thread$Builder$OfPlatform", "java/lang/Thread$Builder$OfVirtual");
  private static final Set<String> ASYNC_OWNERS =
      Set.of("java/util/concurrent/CompletableFuture", "java/util/concurrent/CompletionStage");
  private static final Set<String> STREAMS = Set.of("java/util/stream/Stream", "java/util/stream/IntStream",
      "java/util/stream/LongStream", "java/util/stream/DoubleStream");
  private static final Set<String> TERMINAL_OPERATIONS = Set.of("forEach", "forEachOrdered", "toArray", "reduce",
      "collect", "toList", "min", "max", "count", "anyMatch", "allMatch", "noneMatch", "findFirst", "findAny",
      "sum", "average", "summaryStatistics");
  private static final Set<String> INVOKE_ALL = Set.of("(" + FORK_JOIN_TASK + FORK_JOIN_TASK + ")V",
      "([" + FORK_JOIN_TASK + ")V", "(Ljava/util/Collection;)Ljava/util/Collection;");
  private static final Set<String> SERVER_FACTORIES = Set.of("com/sun/net/httpserver/HttpServer.create",
      "com/sun/net/httpserver/HttpsServer.create", "java/nio/channels/ServerSocketChannel.open",
      "java/nio/channels/AsynchronousServerSocketChannel.open");
  private static final Handle START = new Handle(Opcodes.H_INVOKESTATIC, GUEST, "start",
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
          + "Ljava/lang/invoke/MethodHandle;)Ljava/lang/invoke/CallSite;", false);
  private static final Handle IN_FORK_JOIN_POOL = new Handle(Opcodes.H_INVOKESTATIC, GUEST, "inForkJoinPool",
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
          + "Ljava/lang/invoke/MethodHandle;I)Ljava/lang/invoke/CallSite;", false);

  /** Whether the class file may hold invokedynamic (version 51, Java 7, and later). */
  private final boolean dynamic;

  /**
   * @param next where the method goes
   * @param classVersion the class file's version, which decides whether invokedynamic may be used
   */
  ConcurrencyCalls(MethodVisitor next, int classVersion) {
    super(Opcodes.ASM9, next);
    this.dynamic = (classVersion & 0xFFFF) >= Opcodes.V1_7;
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    if (name.equals("start") && descriptor.equals("()V")
        && (opcode == Opcodes.INVOKESPECIAL ? owner.equals(THREAD) : !owner.equals(THREAD))) {
      startOfAnyClass(opcode, owner, isInterface);
    } else if (THREAD_BUILDERS.contains(owner) && name.equals("start") && descriptor.equals(RUNNABLE_TO_THREAD)) {
      super.visitMethodInsn(opcode, owner, "unstarted", descriptor, isInterface);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, "started", "(Ljava/lang/Thread;)Ljava/lang/Thread;", false);
    } else if (THREAD_BUILDERS.contains(owner) && name.equals("factory")) {
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
      wrapThreadFactory();
    } else if (owner.equals("java/util/concurrent/Executors") && name.equals("newThreadPerTaskExecutor")) {
      wrapThreadFactory(); // the factory is the only argument
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    } else if (ASYNC_OWNERS.contains(owner) && takesDefaultExecutor(name, descriptor)) {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, "asyncPool", "()" + EXECUTOR, false);
      int close = descriptor.indexOf(')');
      super.visitMethodInsn(opcode, owner, name,
          descriptor.substring(0, close) + EXECUTOR + descriptor.substring(close), isInterface);
    } else if (dynamic && runsInCommonPool(opcode, owner, name, descriptor)) {
      inForkJoinPool(opcode, owner, name, descriptor, isInterface);
    } else if (opcode == Opcodes.INVOKEVIRTUAL && name.equals("fork") && descriptor.equals("()" + FORK_JOIN_TASK)) {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, "fork", "(" + FORK_JOIN_TASK + ")" + FORK_JOIN_TASK, false);
    } else {
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
      if (opcode == Opcodes.INVOKESTATIC && SERVER_FACTORIES.contains(owner + '.' + name)) {
        GuestCalls.trackTopOfStack(mv);
      }
    }
  }

  /** An async method that uses the common pool: it has an overload taking an executor last. */
  private static boolean takesDefaultExecutor(String name, String descriptor) {
    return (name.endsWith("Async") || name.equals("delayedExecutor"))
        && !descriptor.contains(EXECUTOR + ")");
  }

  /** A call whose work the JDK hands to the common pool when the calling thread is no fork/join worker. */
  private static boolean runsInCommonPool(int opcode, String owner, String name, String descriptor) {
    if (STREAMS.contains(owner)) {
      return opcode == Opcodes.INVOKEINTERFACE && TERMINAL_OPERATIONS.contains(name);
    }
    if (isParallelBulk(opcode, owner, name, descriptor)) {
      return true;
    }
    if (opcode != Opcodes.INVOKESTATIC) {
      return false;
    }
    return owner.equals("java/util/Arrays") && name.startsWith("parallel")
        || name.equals("invokeAll") && INVOKE_ALL.contains(descriptor);
  }

  /** A bulk operation of ConcurrentHashMap with a parallelism threshold, its first parameter. */
  private static boolean isParallelBulk(int opcode, String owner, String name, String descriptor) {
    return opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/util/concurrent/ConcurrentHashMap")
        && descriptor.startsWith("(J") && (name.startsWith("forEach") || name.startsWith("search")
        || name.startsWith("reduce"));
  }

  /**
   * Replaces the call by an invokedynamic of the same stack effect, linked by {@code Guest.inForkJoinPool} to the
   * original method and a guard: a stream's operation goes to the pool only when the stream is parallel.
   */
  private void inForkJoinPool(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    int kind = opcode == Opcodes.INVOKESTATIC ? Opcodes.H_INVOKESTATIC
        : opcode == Opcodes.INVOKEINTERFACE ? Opcodes.H_INVOKEINTERFACE : Opcodes.H_INVOKEVIRTUAL;
    String type = opcode == Opcodes.INVOKESTATIC ? descriptor : "(L" + owner + ";" + descriptor.substring(1);
    int guard = STREAMS.contains(owner) ? ForkJoinCalls.IF_PARALLEL : ForkJoinCalls.ALWAYS;
    super.visitInvokeDynamicInsn(name, type, IN_FORK_JOIN_POOL,
        new Handle(kind, owner, name, descriptor, isInterface), guard);
  }

  /**
   * A {@code start()} of another class than {@code Thread} itself (Thread.start is a plain replacement): a subclass
   * of Thread's is announced like Thread.start, which only the class, known when the call links, tells. A
   * subclass's {@code super.start()} of Thread announces the thread first (once: a thread is announced once).
   */
  private void startOfAnyClass(int opcode, String owner, boolean isInterface) {
    if (opcode == Opcodes.INVOKESPECIAL) {
      super.visitInsn(Opcodes.DUP);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, "announce", "(Ljava/lang/Thread;)V", false);
      super.visitMethodInsn(opcode, owner, "start", "()V", isInterface);
    } else if (opcode == Opcodes.INVOKEVIRTUAL && dynamic) {
      super.visitInvokeDynamicInsn("start", "(L" + owner + ";)V", START,
          new Handle(Opcodes.H_INVOKEVIRTUAL, owner, "start", "()V", false));
    } else {
      super.visitMethodInsn(opcode, owner, "start", "()V", isInterface);
    }
  }

  /** Replaces the thread factory on top of the stack by one that announces its threads to the isolate. */
  private void wrapThreadFactory() {
    super.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, "threadFactory", "(" + THREAD_FACTORY + ")" + THREAD_FACTORY,
        false);
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    super.visitMaxs(maxStack + 1, maxLocals); // an executor pushed, or a server duplicated
  }
}
