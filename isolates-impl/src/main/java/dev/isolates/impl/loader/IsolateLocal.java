package dev.isolates.impl.loader;

import java.util.function.Supplier;

/**
 * The thread-local that an isolate's code gets where it creates a {@link ThreadLocal}: the class rewriting turns
 * {@code new ThreadLocal<>()}, {@code ThreadLocal.withInitial(...)} and subclasses of {@code ThreadLocal} into
 * this class, so the isolate's code uses it unknowingly.
 *
 * <p>A plain thread-local leaks its isolate: a long-lived thread (a pool's, or main) keeps the value in its map
 * until the thread ends, and the value refers to the isolate's classes, which hold the thread-local, so the
 * map's weak key never clears either. This one keeps each thread's value in a {@link Holder} of a shared class
 * under a private key of a shared class, and registers the holder with the isolate's {@link IsolateHooks};
 * {@link IsolateHooks#releaseLocals()} empties the holders when the isolate closes, after which the threads'
 * maps refer to nothing of the isolate.
 *
 * <p>Subclasses made from the isolate's code may override {@link #initialValue()} as with {@code ThreadLocal};
 * every other member this class adds is a constructor, static, private or package-private, so it cannot clash
 * with theirs.
 *
 * <p>{@code get} and {@code set} cost a {@code ThreadLocal.get} and one field access. Thread-safe as
 * {@code ThreadLocal} is.
 *
 * @param <T> the type of the value
 */
public class IsolateLocal<T> extends ThreadLocal<T> {
  private final IsolateHooks hooks;
  /** This thread's holder; a plain ThreadLocal of a shared class, so the map's key is no class of the isolate. */
  private final ThreadLocal<Holder> holders = new ThreadLocal<>();
  /** From {@code ThreadLocal.withInitial}, else null; null also once released. Read once per thread. */
  private volatile Supplier<? extends T> initial;

  /**
   * Creates a thread-local of an isolate, whose first value in each thread is null or what
   * {@link #initialValue()} returns. The rewritten {@code new ThreadLocal<>()} calls this.
   *
   * @param hooks the hooks of the isolate that creates it
   */
  public IsolateLocal(IsolateHooks hooks) {
    this.hooks = hooks;
  }

  private IsolateLocal(IsolateHooks hooks, Supplier<? extends T> initial) {
    this.hooks = hooks;
    this.initial = initial;
  }

  /**
   * Returns a thread-local of an isolate whose first value in each thread comes from a supplier; the hooks drop
   * the supplier on {@link IsolateHooks#releaseLocals()}. The rewritten {@code ThreadLocal.withInitial} calls
   * this.
   *
   * @param <T> the type of the value
   * @param hooks the hooks of the isolate that creates it
   * @param initial the supplier of the first value in each thread
   */
  public static <T> IsolateLocal<T> withSupplier(IsolateHooks hooks, Supplier<? extends T> initial) {
    IsolateLocal<T> local = new IsolateLocal<>(hooks, initial);
    hooks.registerSupplied(local);
    return local;
  }

  /** Returns the supplier's value if this thread-local was made with one, else null, as {@code ThreadLocal} does. */
  @Override
  protected T initialValue() {
    Supplier<? extends T> supplier = initial;
    return supplier == null ? null : supplier.get();
  }

  @Override
  public T get() {
    Holder holder = holders.get();
    return holder != null ? value(holder) : initialize();
  }

  @Override
  public void set(T value) {
    holder().value = value;
  }

  @Override
  public void remove() {
    holders.remove();
  }

  @SuppressWarnings("unchecked") // only set() and initialize() store values, both of type T
  private T value(Holder holder) {
    return (T) holder.value;
  }

  private T initialize() {
    T value = initialValue();
    holder().value = value;
    return value;
  }

  /** This thread's holder, made and registered with the isolate's hooks on first use. */
  private Holder holder() {
    Holder holder = holders.get();
    if (holder == null) {
      holder = new Holder();
      holders.set(holder);
      hooks.register(holder);
    }
    return holder;
  }

  /** Drops the supplier, which is the isolate's code; see {@link IsolateHooks#releaseLocals()}. */
  void releaseSupplier() {
    initial = null;
  }

  /**
   * One thread's value of one {@link IsolateLocal}. Written only by its thread, and emptied by
   * {@link IsolateHooks#releaseLocals()} once no thread executes the isolate's code any more, so a plain field
   * suffices.
   */
  static final class Holder {
    Object value;

    void release() {
      value = null;
    }
  }
}
