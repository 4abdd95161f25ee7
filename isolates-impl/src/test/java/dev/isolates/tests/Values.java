package dev.isolates.tests;

import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedFunction;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.List;

/** Values and tasks of user-defined types, for tests that need the isolate to load several of its own classes. */
public final class Values {
  private Values() {}

  public record Pair(String name, List<Integer> numbers) {}

  public static final class Box implements Serializable {
    private static final long serialVersionUID = 1L;
    public final int value;

    public Box(int value) {
      this.value = value;
    }
  }

  /** Exercises records, the serialization fallback and a failure, and returns values of the isolate's classes. */
  public static Pair roundTrip(Pair pair, ArrayDeque<Box> boxes) {
    int sum = 0;
    for (Box box : boxes) {
      sum += box.value;
    }
    return new Pair(pair.name() + sum, pair.numbers());
  }

  /** A task that captures a value. */
  public static IsolatedFunction<Pair, String> prefixer(String prefix) {
    return pair -> prefix + pair;
  }

  /** Puts values of this isolate's classes on a queue and takes them back. */
  public static void putAndTake(IsolateQueue<Object> queue) {
    queue.put(new Pair("inside", List.of(1, 2)));
    queue.put(new Box(7));
    queue.get();
    queue.get();
  }

  public static String take(IsolateQueue<Object> queue) {
    return String.valueOf(queue.get());
  }

  public static ArrayDeque<Box> boxes(int count) {
    ArrayDeque<Box> boxes = new ArrayDeque<>();
    for (int i = 0; i < count; i++) {
      boxes.add(new Box(i));
    }
    return boxes;
  }
}
