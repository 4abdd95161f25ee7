package dev.isolates.guest;

import dev.isolates.impl.loader.DefinedClasses;
import dev.isolates.impl.loader.ForkJoinCalls;
import dev.isolates.impl.loader.IsolateClassLoader;
import dev.isolates.impl.loader.IsolateHooks;
import dev.isolates.impl.loader.IsolateLocal;
import dev.isolates.impl.loader.VirtualThreads;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverAction;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What an isolate's rewritten code calls: the cancellation poll, and the replacements of the JDK methods an
 * isolate must not use on its own ({@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt}, shutdown
 * hooks, {@code ThreadLocal}). Each method hands the call to the isolate's {@link IsolateHooks}.
 *
 * <p>Every {@link IsolateClassLoader} defines its own copy of this class from the runtime's bytes, never the
 * application class loader's, so {@code HOOKS} is a constant per isolate: the JIT folds it into the rewritten
 * code, and a poll inlines to one volatile read. Loaded by any other class loader, the class fails to initialize.
 */
public final class Guest {
  private static final IsolateHooks HOOKS = ((IsolateClassLoader) Guest.class.getClassLoader()).hooks();
  /** Whether the isolate's own JDBC drivers were loaded; guarded by the class. */
  private static boolean driversLoaded;

  private Guest() {}

  /** Stops the current thread if the isolate asks it to. Kept this small so that the JIT inlines it. */
  public static void poll() {
    if (HOOKS.pending()) {
      HOOKS.stop();
    }
  }

  /** Replaces {@code System.exit(status)}. */
  public static void exit(int status) {
    HOOKS.exit(status);
    // The isolate's code must not carry on as if the JVM had ended, whatever a subclass of the hooks does.
    throw new IllegalStateException(HOOKS.getClass().getName() + ".exit(" + status + ") returned;"
        + " IsolateHooks.exit must throw");
  }

  /** Replaces {@code Runtime.getRuntime().exit(status)}; the receiver is the JVM's only {@code Runtime}. */
  public static void exit(Runtime runtime, int status) {
    exit(status);
  }

  /** Replaces {@code Runtime.getRuntime().halt(status)}, which an isolate must not use either. */
  public static void halt(Runtime runtime, int status) {
    exit(status);
  }

  /** Replaces {@code Runtime.getRuntime().addShutdownHook(hook)}. */
  public static void addShutdownHook(Runtime runtime, Thread hook) {
    HOOKS.addShutdownHook(hook);
  }

  /** Replaces {@code Runtime.getRuntime().removeShutdownHook(hook)}. */
  public static boolean removeShutdownHook(Runtime runtime, Thread hook) {
    return HOOKS.removeShutdownHook(hook);
  }

  /** Returns the isolate's hooks; the rewritten {@code new ThreadLocal<>()} passes them to {@link IsolateLocal}. */
  public static IsolateHooks hooks() {
    return HOOKS;
  }

  /** Replaces {@code ThreadLocal.withInitial(supplier)}. */
  public static <T> ThreadLocal<T> withInitial(Supplier<? extends T> supplier) {
    return IsolateLocal.withSupplier(HOOKS, Objects.requireNonNull(supplier, "supplier"));
  }

  /** Replaces the method reference {@code ThreadLocal::new}. */
  public static <T> ThreadLocal<T> newLocal() {
    return new IsolateLocal<>(HOOKS);
  }

  /**
   * Registers a timer, thread pool or server the isolate's code created, so that terminating the isolate stops it
   * and closing it frees its port.
   */
  public static void track(Object timerPoolOrServer) {
    HOOKS.track(timerPoolOrServer);
  }

  // ----- Threads and the common pool: whatever runs for the isolate's code runs inside the isolate.

  /** Replaces {@code thread.start()}: the thread counts as inside the isolate, or is refused past its limit. */
  public static void start(Thread thread) {
    HOOKS.threadStarting(thread);
    try {
      thread.start();
    } catch (RuntimeException | Error e) {
      HOOKS.threadNotStarted(thread);
      throw e;
    }
  }

  /** Announces a thread that a subclass of Thread starts through {@code super.start()}. */
  public static void announce(Thread thread) {
    HOOKS.threadStarting(thread);
  }

  /**
   * The bootstrap method of a {@code start()} call of another class than Thread: for a subclass of Thread it is
   * {@link #start(Thread)}, for any other class the call itself.
   */
  public static CallSite start(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle target)
      throws ReflectiveOperationException {
    if (!Thread.class.isAssignableFrom(type.parameterType(0))) {
      return new ConstantCallSite(target.asType(type));
    }
    MethodHandle start = MethodHandles.lookup().findStatic(Guest.class, "start",
        MethodType.methodType(void.class, Thread.class));
    return new ConstantCallSite(start.asType(type));
  }

  /** Replaces a thread builder's {@code start(task)}, which the rewriting made {@code unstarted(task)}. */
  public static Thread started(Thread unstarted) {
    start(unstarted);
    return unstarted;
  }

  /** Replaces {@code Thread.startVirtualThread(task)}. */
  public static Thread startVirtualThread(Runnable task) {
    return started(VirtualThreads.unstarted(task));
  }

  /** Wraps a thread factory the isolate's code uses, so that each thread it makes counts as inside the isolate. */
  public static ThreadFactory threadFactory(ThreadFactory factory) {
    return HOOKS.threadFactory(Objects.requireNonNull(factory, "factory"));
  }

  /** Replaces {@code Executors.newVirtualThreadPerTaskExecutor()}. */
  public static ExecutorService newVirtualThreadPerTaskExecutor() {
    ExecutorService executor = VirtualThreads.perTaskExecutor(HOOKS);
    HOOKS.track(executor);
    return executor;
  }

  /** Replaces {@code ForkJoinPool.commonPool()}: the isolate's own pool. */
  public static ForkJoinPool commonPool() {
    return HOOKS.forkJoinPool();
  }

  /** The executor of {@code CompletableFuture}'s async methods called without one: the isolate's own pool. */
  public static Executor asyncPool() {
    return HOOKS.forkJoinPool();
  }

  /** Replaces {@code task.fork()}: outside a fork/join worker, the task goes to the isolate's pool. */
  public static ForkJoinTask<?> fork(ForkJoinTask<?> task) {
    if (!ForkJoinCalls.outsideWorkers()) {
      return task.fork();
    }
    HOOKS.forkJoinPool().execute(task);
    return task;
  }

  /**
   * The bootstrap method of the calls whose work the JDK hands to the common pool (a parallel stream's terminal
   * operation, {@code Arrays.parallelSort}...): they run in the isolate's own pool.
   */
  public static CallSite inForkJoinPool(MethodHandles.Lookup caller, String name, MethodType type,
      MethodHandle target, int guard) {
    return ForkJoinCalls.callSite(HOOKS, caller, type, target, guard);
  }

  // ----- JDBC. DriverManager loaded the drivers of the application's class path once, with the application's
  // loader, and hands a caller only drivers whose class its own loader resolves to the same class. So the
  // isolate's code reaches DriverManager through these methods: they load the drivers of the isolate's class
  // path first (a JDBC 4 driver registers itself as its class initializes), and call DriverManager from this
  // class, which the isolate's loader defined, so that DriverManager hands out the isolate's own drivers.

  /** Replaces {@code DriverManager.getConnection(url)}. */
  public static Connection getConnection(String url) throws SQLException {
    loadDrivers();
    return DriverManager.getConnection(url);
  }

  /** Replaces {@code DriverManager.getConnection(url, info)}. */
  public static Connection getConnection(String url, Properties info) throws SQLException {
    loadDrivers();
    return DriverManager.getConnection(url, info);
  }

  /** Replaces {@code DriverManager.getConnection(url, user, password)}. */
  public static Connection getConnection(String url, String user, String password) throws SQLException {
    loadDrivers();
    return DriverManager.getConnection(url, user, password);
  }

  /** Replaces {@code DriverManager.getDriver(url)}. */
  public static Driver getDriver(String url) throws SQLException {
    loadDrivers();
    return DriverManager.getDriver(url);
  }

  /** Replaces {@code DriverManager.getDrivers()}. */
  public static Enumeration<Driver> getDrivers() {
    loadDrivers();
    return DriverManager.getDrivers();
  }

  /** Replaces {@code DriverManager.drivers()}. */
  public static Stream<Driver> drivers() {
    loadDrivers();
    return DriverManager.drivers();
  }

  /** Replaces {@code DriverManager.registerDriver(driver)}: notes that the isolate holds JDBC drivers. */
  public static void registerDriver(Driver driver) throws SQLException {
    HOOKS.noteJdbc();
    DriverManager.registerDriver(driver);
  }

  /** Replaces {@code DriverManager.registerDriver(driver, action)}. */
  public static void registerDriver(Driver driver, DriverAction action) throws SQLException {
    HOOKS.noteJdbc();
    DriverManager.registerDriver(driver, action);
  }

  /** Replaces {@code DriverManager.deregisterDriver(driver)}, which checks its caller's loader as well. */
  public static void deregisterDriver(Driver driver) throws SQLException {
    DriverManager.deregisterDriver(driver);
  }

  /**
   * Deregisters every driver the isolate's classes registered; the runtime calls it when the isolate closes, from
   * here, since DriverManager shows and removes only the drivers of its caller's loader.
   *
   * @throws Exception the first driver's failure (an {@code SQLException}, or what its {@code DriverAction} threw),
   *     with those of the drivers after it suppressed; each driver is tried
   */
  public static void deregisterDrivers() throws Exception {
    ClassLoader own = Guest.class.getClassLoader();
    Exception failure = null;
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == own) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (Exception e) { // naming SQLException in a handler would make Guest need java.sql to verify
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * DriverManager loads the drivers of the class path once per JVM, with the context class loader of the thread
   * that first needs them: here, the isolate's. So it is made to do that now, with the application's loader, or
   * it would load the isolate's drivers as the application's and never the application's own.
   */
  private static void initializeDriverManagerForTheApplication() {
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
    try {
      DriverManager.getLoginTimeout(); // initializes the class
      DriverManager.getDrivers(); // loads the class path's drivers, as the application's
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  private static synchronized void loadDrivers() {
    if (driversLoaded) {
      return;
    }
    HOOKS.noteJdbc();
    initializeDriverManagerForTheApplication();
    Iterator<Driver> drivers = ServiceLoader.load(Driver.class, Guest.class.getClassLoader()).iterator();
    while (true) {
      try {
        if (!drivers.hasNext()) {
          break;
        }
        drivers.next(); // initializing the class registers the driver
      } catch (ServiceConfigurationError broken) {
        // a driver that cannot load is skipped, as DriverManager itself does
      }
    }
    driversLoaded = true;
  }

  // ----- Classes defined at run time, and what the isolate's code leaves in JDK caches keyed by class. The
  // rewriting passes each class file the isolate's code hands to a JDK method that defines classes through
  // classFile (see DefineClassCalls), calls computingValue first thing in every computeValue, and noteBeans
  // before every call into java.beans (see JdkCacheNotes).

  /** Passes on the class file of a {@code ClassLoader.defineClass} call; rewritten if the class is the isolate's. */
  public static byte[] classFile(Object definer, byte[] bytes, int offset, int length) {
    return DefinedClasses.classFile(Guest.class, definer, bytes, offset, length);
  }

  /** Passes on the class file of a {@code ClassLoader.defineClass} call with a buffer. */
  public static ByteBuffer classFile(Object definer, ByteBuffer bytes) {
    return DefinedClasses.classFile(Guest.class, definer, bytes);
  }

  /** Passes on the class file of a {@code Lookup.defineClass} or {@code defineHiddenClass} call. */
  public static byte[] classFile(MethodHandles.Lookup lookup, byte[] bytes) {
    return DefinedClasses.classFile(Guest.class, lookup, bytes);
  }

  /**
   * Notes that a {@code ClassValue} of the isolate computes its value for a class, which closing the isolate
   * removes again; {@code classValue} is any object with a method {@code computeValue(Class)}.
   */
  public static void computingValue(Object classValue, Class<?> type) {
    if (classValue instanceof ClassValue && type != null) {
      HOOKS.noteClassValue((ClassValue<?>) classValue, type);
    }
  }

  /** Notes that the isolate's code uses {@code java.beans}, whose caches closing the isolate then flushes. */
  public static void noteBeans() {
    HOOKS.noteBeans();
  }
}
