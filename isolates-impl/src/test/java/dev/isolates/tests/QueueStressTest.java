package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Many items through few queues, and many queues in a row. */
class QueueStressTest {
  private static final int ITEMS = 100_000;
  private static final int END = -1;

  @Test
  void twoProducerIsolates_twoConsumerIsolates_seeEveryItemExactlyOnce() throws InterruptedException {
    IsolateQueue<Integer> items = Isolates.createQueue(1_000);
    IsolateQueue<int[]> seen = Isolates.createQueue();
    List<Isolate> isolates = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int p = 0; p < 2; p++) {
        Isolate producer = Isolates.create();
        isolates.add(producer);
        threads.add(producer.callInThread(QueueStressTest::produce, items, p * ITEMS / 2, ITEMS / 2));
      }
      for (int c = 0; c < 2; c++) {
        Isolate consumer = Isolates.create();
        isolates.add(consumer);
        threads.add(consumer.callInThread(QueueStressTest::consume, items, seen));
      }
      for (Thread producer : threads.subList(0, 2)) {
        producer.join();
      }
      items.put(END);
      items.put(END);
      BitSet taken = new BitSet(ITEMS);
      int total = 0;
      for (int c = 0; c < 2; c++) {
        for (int item : seen.get()) {
          assertThat(taken.get(item)).as("item %s taken twice", item).isFalse();
          taken.set(item);
          total++;
        }
      }
      assertThat(total).isEqualTo(ITEMS);
      assertThat(taken.cardinality()).isEqualTo(ITEMS);
      for (Thread thread : threads) {
        thread.join();
      }
    } finally {
      isolates.forEach(Isolate::close);
      items.close();
      seen.close();
    }
  }

  static void produce(IsolateQueue<Integer> items, int from, int count) {
    for (int i = from; i < from + count; i++) {
      items.put(i);
    }
  }

  /** Takes items until END, checking that each producer's items arrive in order, and reports them. */
  static void consume(IsolateQueue<Integer> items, IsolateQueue<int[]> seen) {
    int[] taken = new int[ITEMS];
    int count = 0;
    int[] lastPerProducer = {-1, -1};
    for (int item = items.get(); item != END; item = items.get()) {
      int producer = item / (ITEMS / 2);
      if (item <= lastPerProducer[producer]) {
        throw new AssertionError("item " + item + " after " + lastPerProducer[producer] + ": not FIFO");
      }
      lastPerProducer[producer] = item;
      taken[count++] = item;
    }
    seen.put(java.util.Arrays.copyOf(taken, count));
  }

  @Test
  void tenThousandQueues_inARow_andThreeHundredAtOnce_leaveFileHandlesAndMapsAsTheyWere() throws Exception {
    Isolates.createQueue().close(); // sets queue storage up first, so that only queues are counted
    long descriptors = count(Path.of("/proc/self/fd"));
    int maps = Files.readAllLines(Path.of("/proc/self/maps")).size();
    for (int i = 0; i < 10_000; i++) {
      try (IsolateQueue<Integer> queue = Isolates.createQueue()) {
        queue.put(i);
      }
    }
    List<IsolateQueue<Integer>> open = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      IsolateQueue<Integer> queue = Isolates.createQueue();
      open.add(queue);
      queue.put(i);
    }
    open.forEach(IsolateQueue::close);
    // Temporary queues share a few logs: two descriptors and a few maps each, whatever the number of queues.
    assertThat(count(Path.of("/proc/self/fd"))).isLessThan(descriptors + 20);
    assertThat(Files.readAllLines(Path.of("/proc/self/maps")).size()).isLessThan(maps + 40);
  }

  private static long count(Path folder) throws java.io.IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.count();
    }
  }

  @Test
  void tenThousandLiveQueues_eachHoldingItems_fitInAThousandFileDescriptors() throws Exception {
    String output = ChildJvm.runWithOpenFiles(1024, ManyQueues.class, "10000");
    assertThat(output).contains("took 20000 items from 10000 queues").doesNotContain("Exception");
  }

  /** With at most 1,024 open files, makes args[0] queues, puts two items in each, then takes them all. */
  public static final class ManyQueues {
    public static void main(String[] args) throws Exception {
      int count = Integer.parseInt(args[0]);
      List<IsolateQueue<Integer>> queues = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        IsolateQueue<Integer> queue = Isolates.createQueue();
        queue.put(i);
        queue.put(-i);
        queues.add(queue);
      }
      int taken = 0;
      for (int i = 0; i < count; i++) {
        if (queues.get(i).get() != i || queues.get(i).get() != -i) {
          throw new AssertionError("queue " + i + " lost its items");
        }
        taken += 2;
        queues.get(i).close();
      }
      System.out.println("took " + taken + " items from " + count + " queues");
    }
  }

  @Test
  void createdAndClosedQueues_leaveOnlyTheSharedLogs() throws Exception {
    for (int i = 0; i < 500; i++) {
      IsolateQueue<Integer> queue = Isolates.createQueue();
      queue.put(i);
      assertThat(queue.get()).isEqualTo(i);
      queue.close();
    }
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "isolates-queues-" + System.getProperty("user.name"));
    Path folder;
    try (Stream<Path> jvmFolders = Files.list(base)) {
      folder = jvmFolders.filter(path -> path.getFileName().toString().startsWith("jvm-" + ProcessHandle.current().pid() + "-"))
          .findFirst().orElseThrow();
    }
    try (Stream<Path> logs = Files.list(folder)) {
      assertThat(logs.filter(path -> path.getFileName().toString().startsWith("shard-")))
          .as("one log per shard, however many queues came and went")
          .hasSizeLessThanOrEqualTo(Math.min(8, Runtime.getRuntime().availableProcessors()));
    }
  }
}
