package dev.isolates.impl.loader;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * Rewrites the class files that isolates define, so that their code is stoppable and contained: it polls for
 * cancellation, and what would escape the isolate goes to the isolate's {@link IsolateHooks} instead.
 */
final class ClassRewriter {
  /*
   * How, and why this way.
   *
   * Thread.stop is gone from modern JDKs, so a runaway isolate stops only if its code cooperates. Since the
   * isolate's loader defines every class of the isolate, it adds the cooperation as it defines them: calls to
   * dev.isolates.guest.Guest, a class each isolate defines for itself, whose static final field holds that
   * isolate's hooks. The rewritten bytes name no isolate, so ClassPath caches them once per JVM.
   *
   * The rules (CancellationPoints, GuestCalls, ConcurrencyCalls, JdkCacheNotes, DefineClassCalls and
   * IsolateClassVisitor apply them):
   *  1. Guest.poll() at the entry of every method that invokes anything (leaf methods such as getters get none,
   *     so a hot loop calling them stays cheap: a loop polls at its back-edge anyway), before every backward
   *     jump or switch, and at the start of every handler that catches a named type, so that a loop that
   *     catches Throwable and carries on still stops. Handlers of finally and synchronized blocks (catch-any)
   *     get none: they rethrow after their cleanup, which must run (a lock released, a monitor exited), and
   *     javac makes them cover their own first instruction, so a poll there would throw into itself for ever.
   *  2. System.exit, Runtime.exit and Runtime.halt, and 3. Runtime.add/removeShutdownHook, become static calls
   *     of Guest with the same stack effect (the Runtime receiver becomes the first argument); so do method
   *     handles to them, as in the method reference System::exit.
   *  4. ThreadLocal becomes IsolateLocal: new ThreadLocal(), ThreadLocal.withInitial, ThreadLocal::new, and the
   *     superclass of ThreadLocal's subclasses. InheritableThreadLocal stays as it is: an IsolateLocal's values
   *     would not pass to child threads.
   *  5. A class file passed to ClassLoader.defineClass, SecureClassLoader.defineClass, Lookup.defineClass or
   *     Lookup.defineHiddenClass goes through Guest.classFile first, which rewrites it by these rules when the
   *     defining loader resolves Guest to the isolate's own (see DefinedClasses): the classes that a script
   *     engine or a bytecode library defines while the isolate runs stop on cancel like the isolate's others.
   *     A class is rewritten once: only the JDK's defining methods are intercepted, and their code is not.
   *  6. Every computeValue(Class) tells Guest first which class it computes a value for, so that closing the
   *     isolate removes what its ClassValues attached to classes that outlive it (String.class, say); and every
   *     call into java.beans notes that the Introspector's caches need a flush when the isolate closes.
   *  7. What runs the isolate's code on other threads keeps it inside the isolate: Thread.start, thread builders'
   *     start and factories, and Executors.newVirtualThreadPerTaskExecutor announce each thread to the isolate
   *     before it starts (and refuse it past the threads limit); ForkJoinPool.commonPool() is the isolate's own
   *     pool, which CompletableFuture's async methods without an executor get as theirs; a parallel stream's
   *     terminal operation, Arrays' parallel methods and ForkJoinTask.invokeAll become an invokedynamic that runs
   *     them in that pool (ForkJoinCalls), and ForkJoinTask.fork outside a worker forks into it. Timers, thread
   *     pools and servers (HttpServer, server sockets and channels) the isolate's code creates are handed to
   *     Guest.track, for terminate and close.
   *
   * Frames: every sequence added is straight-line code that adds no branch target (an invokedynamic has the stack
   * effect of the call it replaces, and is used only in class files of version 51 and later), and the types it leaves
   * (an IsolateLocal where a ThreadLocal was) are assignable to what the frames say, so the stack map frames
   * stay valid as read. Rule 5 keeps a call's arguments in temporaries past the method's own local variables
   * (InvokeScan counts them first) and loads them all back before the call, so no frame needs to know them.
   * Neither COMPUTE_FRAMES (which would load classes from inside the loader to find common superclasses) nor
   * COMPUTE_MAXS is needed: a poll needs no stack, and each visitor adds to the maximums what its code needs.
   *
   * Failure: bytes that ASM cannot parse (a class file version newer than ASM knows, odd bytecode) and methods
   * that grow past the class file's limits are defined as read, unchanged. An isolate then runs that class
   * without polls, rather than not at all.
   */

  private ClassRewriter() {}

  /**
   * Returns the class file rewritten for isolates, or the same array if it cannot be rewritten.
   *
   * @param original a class file; not modified
   */
  static byte[] rewrite(byte[] original) {
    try {
      ClassReader reader = new ClassReader(original);
      InvokeScan scan = InvokeScan.of(reader);
      // Given the reader, the writer starts from the original constant pool instead of rebuilding it.
      ClassWriter writer = new ClassWriter(reader, 0);
      reader.accept(new IsolateClassVisitor(writer, scan), 0);
      return writer.toByteArray();
    } catch (RuntimeException unparseableOrTooLarge) {
      return original;
    }
  }
}
