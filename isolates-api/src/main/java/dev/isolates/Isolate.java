package dev.isolates;

import java.time.Duration;
import java.util.Map;

/**
 * An isolated execution context inside this JVM (Python's {@code concurrent.interpreters.Interpreter}): its
 * own class loader, so its own copy of every class it loads and of their static state, and its own main
 * namespace. Obtain one with {@link Isolates#create()}; close it when done.
 *
 * <pre>{@code
 * try (Isolate isolate = Isolates.create()) {
 *   int sum = isolate.call(Demo::sum, 10, 2);          // 12, computed inside the isolate
 *   Thread thread = isolate.callInThread(Demo::hello); // a new thread running inside the isolate
 *   thread.join();
 * }
 * }</pre>
 * {@code Demo::sum} does not run as main's {@code Demo} class: the isolate loads {@code Demo} again with its own
 * class loader, so a static counter in {@code Demo} counts separately in each isolate. The arguments
 * {@code 10} and {@code 2} and the result cross as shareable values. {@code callInThread} returns a started
 * thread named after the isolate; closing the isolate is refused until that thread has finished.
 *
 * <h2>Calls</h2>
 * {@code call} runs a task in the calling thread, which executes inside this isolate until the task returns:
 * for that time {@link Isolates#current()} is this isolate and the thread's context class loader is this
 * isolate's loader; both are restored afterwards, also when the task fails. Calls nest (a task in one isolate
 * may call into another, or into itself), and any number of threads may run in one isolate at once. Tasks are
 * serializable lambdas or method references whose class is loaded by this isolate; arguments, captured values
 * and results are copied between isolates (see {@link Isolates#isShareable(Object)}); a value that cannot be
 * copied is refused with {@link NotShareableException} before the task runs, or when the result is returned.
 *
 * <p>Method references and lambdas with explicit parameter types always choose the right overload. An
 * implicitly typed lambda whose body is a method call, such as {@code x -> list.add(x)}, fits both the
 * function and the consumer form; give its parameter a type, {@code (String x) -> list.add(x)}, or cast it.
 *
 * <h2>Error handling</h2>
 * An exception thrown by a task reaches the caller as an {@link ExecutionFailedException} that describes it
 * in text ({@link ExecutionFailedException#excInfo()}); the isolate stays usable. Every method throws
 * {@link IsolateNotFoundException} once the isolate is closed, except {@link #id()}, {@link #whence()},
 * {@link #isRunning()}, {@link #isClosed()}, {@link #close()} and {@code toString()}.
 *
 * <h2>Control</h2>
 * {@link #cancel(Duration)} stops every task executing inside, even code that never checks a flag:
 * {@code while (true) {}}, an endless recursion, a loop that catches {@code Throwable} and carries on. This
 * works because the isolate's class loader adds a cheap check to the loops, method entries and exception
 * handlers of every class it defines. Code it did not define (the JDK, shared packages) is not stopped until it
 * returns into the isolate's code or blocks. {@link #terminate(Duration)} cancels, then closes, so a runaway
 * isolate can always be closed; {@link IsolateLimits} stop tasks that run or allocate too much, and
 * {@link #usage()} tells what the isolate has used.
 *
 * <h2>Thread-safety</h2>
 * Handles are thread-safe and may be shared freely, also with other isolates: a handle passed to an isolate
 * is the same isolate, not a copy. Actions in a thread before a call happen-before the task runs, and the
 * task's actions happen-before the call returns.
 */
public interface Isolate extends AutoCloseable {

  /**
   * Returns this isolate's id: 0 for the main isolate, then 1, 2, 3 and so on in creation order. Ids are
   * never reused within a JVM.
   *
   * @return the id
   */
  long id();

  /**
   * Returns how this isolate came to exist.
   *
   * @return {@link Whence#RUNTIME} for main, {@link Whence#API} or {@link Whence#POOL} otherwise
   */
  Whence whence();

  /**
   * Tells whether some thread is executing inside this isolate now, through {@code call} or
   * {@code callInThread}. The answer may be stale by the time it is read.
   *
   * @return true if at least one thread is executing inside this isolate
   */
  boolean isRunning();

  /**
   * Tells whether this isolate was closed.
   *
   * @return true once {@link #close()} has succeeded
   */
  boolean isClosed();

  /**
   * Closes this isolate: removes it from {@link Isolates#listAll()} and releases its class loader, which
   * becomes garbage-collectable with every class and static value it loaded. Items this isolate put on queues
   * and that were not yet taken become unbound (see {@link UnboundItems}). Has no effect if already closed.
   *
   * <p>A thread executes inside it while it is in a {@code call} into it (at any depth: a task of another isolate
   * that this isolate's code called counts), while it runs a {@code callInThread} task, while it is a thread that
   * this isolate's code started (platform or virtual, directly or through a timer, pool or server) and alive, and
   * while it runs work that this isolate's code handed to the common pool, which is its own (see
   * {@link #cancel(Duration)}).
   *
   * @throws IllegalStateException if the calling thread executes inside this isolate: it would close the isolate
   *     it runs in (this is checked first)
   * @throws IsolateException if a thread is executing inside it (a {@code callInThread} thread included),
   *     in which case nothing changes; or if it is the main isolate, which cannot be closed
   */
  @Override
  void close();

  /**
   * Binds values in this isolate's main namespace, where code inside it reads them with
   * {@link Isolates#mainNamespace()} (Python's {@code prepare_main}). Values are copied in; existing bindings
   * with other names are kept. Only shareable values are accepted, not the serialization fallback, as in
   * Python.
   *
   * @param bindings names and shareable values; a {@code null} value is bound as {@code null}
   * @throws NullPointerException if {@code bindings} or a name is null
   * @throws NotShareableException if a value is not shareable; then nothing is bound
   * @throws IsolateNotFoundException if this isolate is closed
   */
  void prepareMain(Map<String, ?> bindings);

  /**
   * Calls a task without arguments in the calling thread, inside this isolate, and returns its result.
   *
   * @param task the task, a serializable lambda or method reference
   * @param <R> the type of the result
   * @return a copy of the task's result in the caller's isolate
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if a captured value or the result cannot be copied
   * @throws ExecutionFailedException if the task throws
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <R> R call(IsolatedCallable<R> task);

  /**
   * Calls a task with one argument in the calling thread, inside this isolate, and returns its result.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate
   * @param <A> the type of the first argument
   * @param <R> the type of the result
   * @return a copy of the task's result in the caller's isolate
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument, a captured value or the result cannot be copied
   * @throws ExecutionFailedException if the task throws
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A, R> R call(IsolatedFunction<A, R> task, A a);

  /**
   * Calls a task with two arguments in the calling thread, inside this isolate, and returns its result.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate
   * @param b the second argument, copied into this isolate
   * @param <A> the type of the first argument
   * @param <B> the type of the second argument
   * @param <R> the type of the result
   * @return a copy of the task's result in the caller's isolate
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument, a captured value or the result cannot be copied
   * @throws ExecutionFailedException if the task throws
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A, B, R> R call(IsolatedBiFunction<A, B, R> task, A a, B b);

  /**
   * Calls a task with three arguments in the calling thread, inside this isolate, and returns its result.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate
   * @param b the second argument, copied into this isolate
   * @param c the third argument, copied into this isolate
   * @param <A> the type of the first argument
   * @param <B> the type of the second argument
   * @param <C> the type of the third argument
   * @param <R> the type of the result
   * @return a copy of the task's result in the caller's isolate
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument, a captured value or the result cannot be copied
   * @throws ExecutionFailedException if the task throws
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A, B, C, R> R call(IsolatedTriFunction<A, B, C, R> task, A a, B b, C c);

  /**
   * Runs a task without arguments in the calling thread, inside this isolate.
   *
   * @param task the task, a serializable lambda or method reference
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if a captured value cannot be copied
   * @throws ExecutionFailedException if the task throws
   * @throws IsolateNotFoundException if this isolate is closed
   */
  void call(IsolatedRunnable task);

  /**
   * Runs a task with one argument in the calling thread, inside this isolate.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate
   * @param <A> the type of the first argument
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument or a captured value cannot be copied
   * @throws ExecutionFailedException if the task throws
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A> void call(IsolatedConsumer<A> task, A a);

  /**
   * Runs a task with two arguments in the calling thread, inside this isolate.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate
   * @param b the second argument, copied into this isolate
   * @param <A> the type of the first argument
   * @param <B> the type of the second argument
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument or a captured value cannot be copied
   * @throws ExecutionFailedException if the task throws
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A, B> void call(IsolatedBiConsumer<A, B> task, A a, B b);

  /**
   * Runs a task with three arguments in the calling thread, inside this isolate.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate
   * @param b the second argument, copied into this isolate
   * @param c the third argument, copied into this isolate
   * @param <A> the type of the first argument
   * @param <B> the type of the second argument
   * @param <C> the type of the third argument
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument or a captured value cannot be copied
   * @throws ExecutionFailedException if the task throws
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A, B, C> void call(IsolatedTriConsumer<A, B, C> task, A a, B b, C c);

  /**
   * Starts a new thread that runs a task inside this isolate (Python's {@code call_in_thread}). Captured
   * values are copied before this method returns, so a value that is not shareable is refused here; the
   * result is discarded. The thread is named after the isolate ({@code isolate-3-thread-1}) and counts as
   * executing inside it from the moment this method returns until it ends, so {@link #close()} is refused
   * meanwhile. If the task throws, the thread's uncaught-exception handler receives an
   * {@link ExecutionFailedException}.
   *
   * @param task the task, a serializable lambda or method reference
   * @return the started thread; {@link Thread#join()} it to wait for the task
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if a captured value cannot be copied
   * @throws IsolateNotFoundException if this isolate is closed
   */
  Thread callInThread(IsolatedCallable<?> task);

  /**
   * Starts a new thread that runs a task with one argument inside this isolate; see
   * {@link #callInThread(IsolatedCallable)}.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate before this method returns
   * @param <A> the type of the first argument
   * @return the started thread
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument or a captured value cannot be copied
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A> Thread callInThread(IsolatedFunction<A, ?> task, A a);

  /**
   * Starts a new thread that runs a task with two arguments inside this isolate; see
   * {@link #callInThread(IsolatedCallable)}.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate before this method returns
   * @param b the second argument, copied into this isolate before this method returns
   * @param <A> the type of the first argument
   * @param <B> the type of the second argument
   * @return the started thread
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument or a captured value cannot be copied
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A, B> Thread callInThread(IsolatedBiFunction<A, B, ?> task, A a, B b);

  /**
   * Starts a new thread that runs a task with three arguments inside this isolate; see
   * {@link #callInThread(IsolatedCallable)}.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate before this method returns
   * @param b the second argument, copied into this isolate before this method returns
   * @param c the third argument, copied into this isolate before this method returns
   * @param <A> the type of the first argument
   * @param <B> the type of the second argument
   * @param <C> the type of the third argument
   * @return the started thread
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument or a captured value cannot be copied
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A, B, C> Thread callInThread(IsolatedTriFunction<A, B, C, ?> task, A a, B b, C c);

  /**
   * Starts a new thread that runs a task without arguments inside this isolate; see
   * {@link #callInThread(IsolatedCallable)}.
   *
   * @param task the task, a serializable lambda or method reference
   * @return the started thread
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if a captured value cannot be copied
   * @throws IsolateNotFoundException if this isolate is closed
   */
  Thread callInThread(IsolatedRunnable task);

  /**
   * Starts a new thread that runs a task with one argument inside this isolate; see
   * {@link #callInThread(IsolatedCallable)}.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate before this method returns
   * @param <A> the type of the first argument
   * @return the started thread
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument or a captured value cannot be copied
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A> Thread callInThread(IsolatedConsumer<A> task, A a);

  /**
   * Starts a new thread that runs a task with two arguments inside this isolate; see
   * {@link #callInThread(IsolatedCallable)}.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate before this method returns
   * @param b the second argument, copied into this isolate before this method returns
   * @param <A> the type of the first argument
   * @param <B> the type of the second argument
   * @return the started thread
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument or a captured value cannot be copied
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A, B> Thread callInThread(IsolatedBiConsumer<A, B> task, A a, B b);

  /**
   * Starts a new thread that runs a task with three arguments inside this isolate; see
   * {@link #callInThread(IsolatedCallable)}.
   *
   * @param task the task, a serializable lambda or method reference
   * @param a the first argument, copied into this isolate before this method returns
   * @param b the second argument, copied into this isolate before this method returns
   * @param c the third argument, copied into this isolate before this method returns
   * @param <A> the type of the first argument
   * @param <B> the type of the second argument
   * @param <C> the type of the third argument
   * @return the started thread
   * @throws NullPointerException if {@code task} is null
   * @throws NotShareableException if an argument or a captured value cannot be copied
   * @throws IsolateNotFoundException if this isolate is closed
   */
  <A, B, C> Thread callInThread(IsolatedTriConsumer<A, B, C> task, A a, B b, C c);

  /**
   * Stops every task executing inside this isolate now, and waits up to {@code timeout} until no thread is
   * inside. Code that the isolate's own class loader defined is stopped at its next loop iteration, method entry
   * or exception handler, even if it catches {@code Throwable}; threads blocked in the JDK (sleeping, waiting,
   * parked, on an {@link IsolateQueue} or a {@link java.util.concurrent.BlockingQueue}, on an interruptible
   * channel) are interrupted. Shared code (the JDK, shared packages) is not stopped until it returns into the
   * isolate's code or blocks. Each stopped task ends the way a failing task does: its {@code call} throws an
   * {@link ExecutionCancelledException} with reason {@link CancelReason#CANCEL}; a {@code callInThread} thread
   * ends with one in its uncaught-exception handler. The isolate stays open: calls that start after this method
   * returns run normally. Cancelling an idle isolate returns true at once.
   *
   * <p>Everything that executes inside the isolate stops: the threads in calls into it, also while they run the
   * code of another isolate they called from here (that isolate's task ends as cancelled, and the exception carries
   * on up through this isolate's code; the other isolate stays open and usable); the threads its code started,
   * platform or virtual, whether they spin, sleep or wait; and the work its code handed to
   * {@code ForkJoinPool.commonPool()}, to {@code CompletableFuture}'s async methods without an executor or to a
   * parallel stream, which runs in a fork/join pool of the isolate's own instead of the JVM's common pool: pieces
   * of it that were handed over but had not started yet never start.
   *
   * @param timeout how long to wait for the threads inside to leave; zero means do not wait
   * @return true if no thread was executing inside when this method returned
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException if the calling thread executes inside this isolate: it would wait for itself
   * @throws IsolateException if this is the main isolate, whose code cannot be stopped
   * @throws IsolateNotFoundException if this isolate is closed
   */
  boolean cancel(Duration timeout);

  /**
   * Stops what one thread executes inside this isolate now, as {@link #cancel(Duration)} stops every task, and
   * leaves the isolate's other tasks running: the thread's call into this isolate ends with an
   * {@link ExecutionCancelledException} with reason {@link CancelReason#CANCEL} (a thread this isolate's code
   * started ends), code that never checks a flag included. Waits up to {@code timeout} until the thread is no
   * longer inside. A thread that is not inside is left alone, and the method returns true at once.
   *
   * @param thread the thread to stop, in this isolate only
   * @param timeout how long to wait for the thread to leave; zero means do not wait
   * @return true if the thread was not executing inside when this method returned
   * @throws NullPointerException if {@code thread} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IllegalStateException if {@code thread} is the calling thread, which would wait for itself
   * @throws IsolateException if this is the main isolate, whose code cannot be stopped
   * @throws IsolateNotFoundException if this isolate is closed
   */
  boolean cancel(Thread thread, Duration timeout);

  /**
   * Cancels every task inside this isolate, as {@link #cancel(Duration)} does, then closes it, so that a runaway
   * isolate can always be closed (Node's {@code worker.terminate()}, GraalVM's {@code close(true)}). Has no
   * effect if already closed.
   *
   * @param timeout how long to wait for the threads inside to leave before closing
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * <p>Before cancelling, it stops what the isolate's code left running that interrupts do not stop: it cancels
   * its timers, shuts its thread pools down, and stops its servers (the JDK's {@code HttpServer}, server sockets
   * and channels), whose ports are free when this method returns.
   *
   * @throws IllegalStateException if the calling thread executes inside this isolate: it would wait for itself
   * @throws IsolateException if a thread is still inside when the time runs out, in which case the isolate stays
   *     open (try again, with more time) and the message names the threads; or if this is the main isolate
   */
  void terminate(Duration timeout);

  /**
   * Tells what this isolate has used so far: its calls, the threads inside it now, the classes it loaded, and,
   * when it is {@linkplain IsolateConfig#accounting() accounted}, the CPU time and bytes its tasks used.
   *
   * @return a snapshot
   * @throws IsolateNotFoundException if this isolate is closed
   */
  IsolateUsage usage();

  /**
   * Compiles Java statements into a method of a class that this isolate's own class loader defines, and runs
   * it in the calling thread inside this isolate, as {@link #call} does (Python's {@code Interpreter.exec}). The
   * statements see this isolate's classes and their static state. A {@code return expr;} statement's value comes
   * back copied, as a result does.
   *
   * <p>The statements may start with a {@code package} line, then {@code import} lines. Besides {@code java.lang},
   * {@code dev.isolates.*} is imported (a class of that name that the statements import or declare wins). Without a
   * package line the class is in the unnamed package and reaches public members only; with {@code package x.y;}
   * it is defined in package {@code x.y} by the loader of this isolate's classes of that package, so it reaches
   * their package-private members too (same loader, same package). In the main isolate such a class is defined by
   * the application's class loader and stays loaded; a class without a package line is garbage once it ran.
   *
   * <pre>{@code
   * isolate.exec("return com.example.Config.current().name();")
   * isolate.exec("package com.example;\nreturn Config.cache.size();")   // a package-private field
   * }</pre>
   *
   * @param statements Java statements, after an optional {@code package} line and {@code import} lines
   * @return a copy of the returned value, or {@code null} if the statements return nothing
   * @throws NullPointerException if {@code statements} is null
   * @throws IllegalArgumentException if they do not compile; the message carries the compiler's diagnostics
   *     (line, column, text); or if the package line is malformed, comes after an import, or names a package
   *     whose classes this isolate does not define (a shared package, the JDK's)
   * @throws ExecutionFailedException if they throw
   * @throws UnsupportedOperationException if the running JDK has no Java compiler (a JRE)
   * @throws IsolateNotFoundException if this isolate is closed
   */
  Object exec(String statements);
}
