package dev.isolates;

import dev.isolates.spi.IsolatesProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Creates and finds isolates and queues: the entry point of the library, Python's
 * {@code concurrent.interpreters} module in Java form.
 *
 * <pre>{@code
 * try (Isolate isolate = Isolates.create()) {
 *   int sum = isolate.call(Demo::sum, 10, 2);   // 12, computed inside the isolate
 * }
 * }</pre>
 *
 * <p>Every JVM has one main isolate (id 0), the one application code starts in; {@link #create()} adds more.
 * Each has its own class loader and therefore its own static state; values pass between isolates as copies
 * (see {@link #isShareable(Object)}) or through {@link IsolateQueue}s.
 *
 * <h2>Runtime</h2>
 * This class is a facade: the runtime, in {@code dev.isolates:isolates-impl}, is found on the class path with
 * {@link ServiceLoader}. Without it, every method throws {@link IllegalStateException} saying which dependency
 * to add. The methods are thread-safe.
 *
 * <h2>Shareable values</h2>
 * {@code null}; {@code Boolean}, {@code Character}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long},
 * {@code Float}, {@code Double}, {@code String}, {@code BigInteger}, {@code BigDecimal}, {@code UUID},
 * {@code OptionalInt}, {@code OptionalLong}, {@code OptionalDouble}, the JDK's {@code Charset}s; the immutable
 * {@code java.time} values; enums; primitive arrays (copied); arrays, {@code Optional}s, and the JDK's
 * {@code List}s, {@code Set}s and {@code Map}s of shareable values (copied, each as its own class: a
 * {@code LinkedList} stays a {@code LinkedList}, a {@code LinkedHashMap} keeps its order, a {@code TreeMap} or
 * {@code TreeSet} in natural order stays one, {@code List.of}, {@code Set.of} and {@code Map.of} stay
 * unmodifiable; a view such as a {@code subList} becomes the plain {@code ArrayList}, {@code LinkedHashSet} or
 * {@code LinkedHashMap}); records whose components are shareable (rebuilt as the receiving isolate's class of
 * the same name); {@link IsolateQueue}s and {@link Isolate} handles (the same object, not a copy). Immutable JDK
 * values cross without being copied at all. A collection class of the application is not shareable: it travels
 * through serialization, with its fields, or not at all. A value that contains itself, or that nests deeper
 * than 500 levels, is not shareable.
 *
 * <p>{@link Isolate#call} and queues also accept, beyond the shareable set, any other
 * {@link java.io.Serializable} value: it is copied through Java serialization, its classes resolved by the
 * receiving isolate's class loader (Python's pickle fallback). {@link Isolate#prepareMain} does not.
 */
public final class Isolates {

  private Isolates() {}

  /**
   * Creates an isolate with the default configuration: the application class path, nothing shared beyond the
   * JDK and this library.
   *
   * @return the new isolate, whence {@link Whence#API}; close it when done
   */
  public static Isolate create() {
    return provider().create(IsolateConfig.defaults());
  }

  /**
   * Creates an isolate.
   *
   * @param config its name, class path and shared packages
   * @return the new isolate, whence {@link Whence#API}; close it when done
   * @throws NullPointerException if {@code config} is null
   */
  public static Isolate create(IsolateConfig config) {
    Objects.requireNonNull(config, "config");
    return provider().create(config);
  }

  /**
   * Lists the isolates that are not closed.
   *
   * @return an immutable snapshot: main first, then the others in creation order
   */
  public static List<Isolate> listAll() {
    return provider().listAll();
  }

  /**
   * Returns the isolate the calling thread is executing in: the target of the innermost {@link Isolate#call}
   * in progress on this thread, or the isolate of a {@link Isolate#callInThread} thread, or else main.
   *
   * @return the current isolate
   */
  public static Isolate current() {
    return provider().current();
  }

  /**
   * Returns the main isolate: id 0, whence {@link Whence#RUNTIME}, the one application code starts in. It
   * uses the application class loader and cannot be closed.
   *
   * @return the main isolate
   */
  public static Isolate main() {
    return provider().main();
  }

  /**
   * Finds a live isolate by id (Python's {@code Interpreter(id)}).
   *
   * @param id the isolate's id
   * @return the isolate
   * @throws IsolateNotFoundException if no isolate has this id, or it was closed
   */
  public static Isolate get(long id) {
    return provider().get(id);
  }

  /**
   * Returns the main namespace of the current isolate: the bindings made by {@link Isolate#prepareMain}. Code
   * inside the isolate may read and change it.
   *
   * @return the current isolate's namespace, a live, thread-safe map that permits {@code null} values
   */
  public static Map<String, Object> mainNamespace() {
    return provider().mainNamespace();
  }

  /**
   * Creates an unbounded queue whose unbound items are replaced by {@code null}.
   *
   * @param <T> the type of the items
   * @return the new queue; close it when done
   * @throws IsolateException if the JVM lacks the flags Chronicle Queue needs (the message lists them)
   */
  public static <T> IsolateQueue<T> createQueue() {
    return createQueue(0, UnboundItems.REPLACE);
  }

  /**
   * Creates a queue whose unbound items are replaced by {@code null}.
   *
   * @param maxSize the most items it holds before {@code put} blocks; zero or less for unbounded
   * @param <T> the type of the items
   * @return the new queue; close it when done
   * @throws IsolateException if the JVM lacks the flags Chronicle Queue needs (the message lists them)
   */
  public static <T> IsolateQueue<T> createQueue(int maxSize) {
    return createQueue(maxSize, UnboundItems.REPLACE);
  }

  /**
   * Creates a queue.
   *
   * @param maxSize the most items it holds before {@code put} blocks; zero or less for unbounded
   * @param unboundItems what to do with items whose producing isolate closes before they are taken
   * @param <T> the type of the items
   * @return the new queue; close it when done
   * @throws NullPointerException if {@code unboundItems} is null
   * @throws IsolateException if the JVM lacks the flags Chronicle Queue needs (the message lists them)
   */
  public static <T> IsolateQueue<T> createQueue(int maxSize, UnboundItems unboundItems) {
    Objects.requireNonNull(unboundItems, "unboundItems");
    return provider().createQueue(Math.max(0, maxSize), unboundItems);
  }

  /**
   * Opens the durable queue kept in {@code dir}, creating it unbounded if the folder holds none; see
   * {@link #openQueue(Path, int, UnboundItems)}.
   *
   * @param dir the queue's folder
   * @param <T> the type of the items
   * @return a handle to the queue
   * @throws NullPointerException if {@code dir} is null
   * @throws QueueException if the path is a file, lies below one, or names a folder this user cannot make or
   *     write, or if the folder cannot be used as a queue; the message names the path as given, or the file, and
   *     says what is wrong
   */
  public static <T> IsolateQueue<T> openQueue(Path dir) {
    return openQueue(dir, 0, UnboundItems.REPLACE);
  }

  /**
   * Opens the durable queue kept in {@code dir}, creating the folder and the queue if needed. Its items
   * survive the handle's {@code close()}, the end of the JVM and a crash, and every process that opens the
   * same folder shares the same queue, each item still taken exactly once. Goes beyond Python.
   *
   * @param dir the queue's folder, owned by the application
   * @param maxSize the maximum size if the queue is created here (zero or less for unbounded); an existing
   *     queue keeps its own
   * @param unboundItems the policy if the queue is created here; an existing queue keeps its own
   * @param <T> the type of the items
   * @return a handle to the queue; closing it keeps the folder and its items
   * @throws NullPointerException if {@code dir} or {@code unboundItems} is null
   * @throws QueueException if the path is a file, lies below one, or names a folder this user cannot make or
   *     write, or if the folder cannot be used as a queue; the message names the path as given, or the file, and
   *     says what is wrong
   */
  public static <T> IsolateQueue<T> openQueue(Path dir, int maxSize, UnboundItems unboundItems) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(unboundItems, "unboundItems");
    return provider().openQueue(dir, Math.max(0, maxSize), unboundItems);
  }

  /**
   * Tells whether a value is shareable: whether it can cross into another isolate as a copy or, for queues
   * and isolates, by reference. Values that are merely {@link java.io.Serializable} are not shareable, but
   * {@link Isolate#call} and queues still accept them through the serialization fallback.
   *
   * @param value any value, {@code null} included
   * @return true if {@link Isolate#prepareMain} would accept the value
   */
  public static boolean isShareable(Object value) {
    return provider().isShareable(value);
  }

  static IsolatesProvider provider() {
    IsolatesProvider provider = Runtime.PROVIDER;
    if (provider == null) {
      throw new IllegalStateException("no isolates runtime found: dev.isolates:isolates-impl is not on the"
          + " class path of " + Isolates.class.getClassLoader() + ". To resolve this, add the dependency"
          + " dev.isolates:isolates-impl (the same version as isolates-api) with runtime scope.");
    }
    return provider;
  }

  /** Finds the runtime once, on first use (the holder idiom makes this lazy and thread-safe). */
  private static final class Runtime {
    static final IsolatesProvider PROVIDER =
        ServiceLoader.load(IsolatesProvider.class, Isolates.class.getClassLoader()).findFirst().orElse(null);
  }
}
