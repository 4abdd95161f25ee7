package dev.isolates.examples;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline: a producer isolate feeds a bounded queue, two consumer isolates take from it and send results
 * to a second queue, and main collects them. The bounded queue applies backpressure: when the consumers fall
 * behind, the producer waits instead of filling memory. Ends cleanly: a stop item per consumer, every thread
 * joined, every isolate and queue closed.
 */
public final class Pipeline {
  static final int JOBS = 200;
  static final int QUEUE_SIZE = 8;
  static final int STOP = -1;

  private Pipeline() {}

  /** Puts the jobs, then one stop item per consumer; counts the puts that had to wait for room. */
  static int produce(IsolateQueue<Integer> jobs, int consumers) {
    int waited = 0;
    for (int job = 1; job <= JOBS; job++) {
      if (jobs.isFull()) {
        waited++;
      }
      jobs.put(job);
    }
    for (int c = 0; c < consumers; c++) {
      jobs.put(STOP);
    }
    return waited;
  }

  /** Takes jobs until the stop item, squaring each slowly, and reports each result with its isolate's id. */
  static void consume(IsolateQueue<Integer> jobs, IsolateQueue<long[]> results) throws InterruptedException {
    for (int job = jobs.get(); job != STOP; job = jobs.get()) {
      Thread.sleep(1); // a slow consumer, so that the producer meets a full queue
      results.put(new long[] {Isolates.current().id(), job, (long) job * job});
    }
  }

  public static void main(String[] args) throws InterruptedException {
    List<Isolate> isolates = new ArrayList<>();
    try (IsolateQueue<Integer> jobs = Isolates.createQueue(QUEUE_SIZE);
        IsolateQueue<long[]> results = Isolates.createQueue()) {
      Isolate producer = Isolates.create();
      isolates.add(producer);
      List<Thread> consumers = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        Isolate consumer = Isolates.create();
        isolates.add(consumer);
        consumers.add(consumer.callInThread(Pipeline::consume, jobs, results));
      }
      int waited = producer.call(Pipeline::produce, jobs, consumers.size());
      long sum = 0;
      java.util.Map<Long, Integer> perConsumer = new java.util.TreeMap<>();
      for (int i = 0; i < JOBS; i++) {
        long[] result = results.get(Duration.ofSeconds(30));
        perConsumer.merge(result[0], 1, Integer::sum);
        sum += result[2];
      }
      for (Thread consumer : consumers) {
        consumer.join();
      }
      System.out.printf("%d jobs through a queue of %d: the producer found it full %d times and waited%n",
          JOBS, QUEUE_SIZE, waited);
      System.out.println("jobs per consumer isolate: " + perConsumer);
      System.out.println("sum of squares: " + sum + " (expected " + (long) JOBS * (JOBS + 1) * (2 * JOBS + 1) / 6 + ")");
    } finally {
      isolates.forEach(Isolate::close);
    }
    System.out.println("isolates left: " + Isolates.listAll().size() + " (main)");
  }
}
