package dev.isolates.impl.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Temporary queues' items on each of their paths through a shared log: gathered in the batch being filled and
 * read there, read from the batch's excerpt once it is appended, or written straight into an excerpt of their own
 * when large (see {@link SharedLog}); and taken once each while batches fill and are appended under the takers.
 */
class QueueBatchTest {
  /** A filler item takes 6 bytes in a batch: the flag, the tag and an int. */
  private static final int FILLER_BYTES = 6;
  /** Enough fillers after an item that the batch holding it is appended before the last of them joins one. */
  private static final int FILLERS = SharedLog.BATCH_BYTES / FILLER_BYTES + 2;

  private final List<IsolateQueue<?>> queues = new ArrayList<>();

  record Point(int x, String label) {}

  @AfterEach
  void close() {
    queues.forEach(IsolateQueue::close);
  }

  private <T> IsolateQueue<T> queue() {
    IsolateQueue<T> queue = Isolates.createQueue();
    queues.add(queue);
    return queue;
  }

  /**
   * One value of each kind that is encoded straight into storage (text, boxed primitives, primitive arrays, small
   * enough to join a batch and large enough for an excerpt of its own), and of kinds that are encoded in the
   * putting thread first (a record, collections), small and large, and one large enough for a file of its own.
   */
  private static List<Object> valuesOfEachKind() {
    int large = SharedLog.OWN_EXCERPT_BYTES + 1;
    char[] chars = new char[large];
    Arrays.fill(chars, 'é');
    return List.of("ascii text", "non-ASCII: été, 日本, \uD834\uDD1E", "x".repeat(large), new String(chars),
        true, (byte) -7, (short) 300, 'q', 42, -42L, 1.5f, 2.25, Integer.MIN_VALUE, Long.MAX_VALUE,
        new byte[] {1, 2, 3}, new boolean[] {true, false}, new short[] {1, -1}, new char[] {'a', 'é'},
        new int[] {1, 2, 3}, new long[] {4, 5}, new float[] {1.5f}, new double[] {2.5, -0.0},
        new byte[large], new int[large], new long[large / 2], new double[large / 2], new char[large],
        new boolean[large], new short[large], new float[large],
        new Point(1, "one"), List.of(1, "two", 3.0), Map.of("k", List.of(new Point(2, "two"))),
        new ArrayList<>(Arrays.asList(new String[large])), new byte[ChronicleSetup.INLINE_ITEM_BYTES + 1]);
  }

  @Test
  void itemsOfEachKind_readFromTheBatchBeingFilled_comeOutEqual() {
    IsolateQueue<Object> queue = queue();
    for (Object value : valuesOfEachKind()) {
      queue.put(value);
      assertThat(queue.get()).isEqualTo(value);
    }
  }

  @Test
  void itemsOfEachKind_readFromAnAppendedBatchOrAnExcerptOfTheirOwn_comeOutEqual() {
    IsolateQueue<Object> queue = queue();
    for (Object value : valuesOfEachKind()) {
      queue.put(value);
      for (int i = 0; i < FILLERS; i++) {
        queue.put(i);
      }
      assertThat(queue.get()).isEqualTo(value);
      for (int i = 0; i < FILLERS; i++) {
        assertThat(queue.get()).isEqualTo(i);
      }
    }
  }

  @Test
  void itemsOfExcerptsOfTheirOwn_keepTheirPlaceAmongBatchedItems_andAmongOtherQueuesItems() {
    IsolateQueue<Object> queue = queue();
    IsolateQueue<Object> other = queue();
    byte[] large = new byte[SharedLog.OWN_EXCERPT_BYTES * 2];
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < 3 * FILLERS; i++) {
      Object item = i % 100 == 7 ? large : i;
      queue.put(item);
      other.put(-i);
      expected.add(item);
    }
    for (Object item : expected) {
      assertThat(queue.get()).isEqualTo(item);
    }
    for (int i = 0; i < 3 * FILLERS; i++) {
      assertThat(other.get()).isEqualTo(-i);
    }
    assertThat(queue.isEmpty()).isTrue();
  }

  /**
   * Two producers put while two takers take, one spinning on {@code poll()} and one waiting in {@code poll(timeout)},
   * so that they copy items out of batches that are being appended and reused under them (a race that a stress
   * test meets now and then, not every run). Each item must come out once, whole (its numbers agree), and each
   * taker must see each producer's items in order.
   */
  @Test
  void twoTakers_takeEachItemOfBatchesFilledByTwoProducers_once_whole_andInEachProducersOrder()
      throws InterruptedException {
    IsolateQueue<long[]> queue = queue();
    int perProducer = 300_000;
    int producers = 2;
    AtomicInteger left = new AtomicInteger(producers * perProducer);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    BitSet[] seen = {new BitSet(perProducer), new BitSet(perProducer)};
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      threads.add(new Thread(() -> {
        for (int i = 0; i < perProducer; i++) {
          long number = producer * 1_000_000L + i;
          queue.put(new long[] {number, number});
        }
      }));
    }
    for (int t = 0; t < 2; t++) {
      boolean spinning = t == 0;
      threads.add(new Thread(() -> {
        long[] last = {-1, -1};
        while (left.get() > 0) {
          long[] item = spinning ? queue.poll() : queue.poll(Duration.ofMillis(10));
          if (item == null) {
            continue;
          }
          left.decrementAndGet();
          int producer = (int) (item[0] / 1_000_000);
          int index = (int) (item[0] % 1_000_000);
          if (item.length != 2 || item[1] != item[0]) {
            failures.add("torn item " + Arrays.toString(item));
          } else if (index <= last[producer]) {
            failures.add("item " + index + " of producer " + producer + " after " + last[producer]);
          } else {
            last[producer] = index;
            synchronized (seen) {
              if (seen[producer].get(index)) {
                failures.add("item " + index + " of producer " + producer + " taken twice");
              }
              seen[producer].set(index);
            }
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
    assertThat(seen[0].cardinality()).isEqualTo(perProducer);
    assertThat(seen[1].cardinality()).isEqualTo(perProducer);
    assertThat(queue.poll()).isNull();
  }
}
