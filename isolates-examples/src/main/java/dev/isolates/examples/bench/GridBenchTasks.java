package dev.isolates.examples.bench;

import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedCallable;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * The tasks of the grid benchmarks, made in a class of their own that is as small as {@link Bench}: a member
 * resolves a lambda through the class that made it. Not in {@link Bench}, whose copies in plain class loaders (the
 * memory measurement) must not need the API.
 */
final class GridBenchTasks {
  /** The trivial task of the grid benchmarks, made here so that members load this small class for it. */
  static final IsolatedCallable<Integer> ONE = Bench::one;
  /** The same for Hazelcast's own executor, which takes any serializable Callable. */
  static final Callable<Integer> RAW_ONE = (Callable<Integer> & Serializable) Bench::one;
  /** The CPU-bound task of the grid benchmarks. */
  static final IsolatedCallable<Integer> PRIMES = () -> Bench.primesBelow(200_000);

  private GridBenchTasks() {}

  /** A grid task that runs {@link QueueTasks#echo} on its member. */
  static IsolatedCallable<Void> echo(IsolateQueue<Integer> ping, IsolateQueue<Integer> pong) {
    return () -> {
      QueueTasks.echo(ping, pong);
      return null;
    };
  }
}
