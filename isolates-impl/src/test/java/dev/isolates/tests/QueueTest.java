package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolateNotFoundException;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import dev.isolates.ItemIsolateClosedException;
import dev.isolates.NotShareableException;
import dev.isolates.QueueEmptyException;
import dev.isolates.QueueFullException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import dev.isolates.tests.shared.Rendezvous;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The semantics of CPython 3.14's {@code Lib/test/test_interpreters/test_queues.py}, in Java form. */
class QueueTest {
  private final List<IsolateQueue<?>> queues = new ArrayList<>();

  record Point(int x, int y) {}

  <T> IsolateQueue<T> queue(int maxSize, UnboundItems unboundItems) {
    IsolateQueue<T> queue = Isolates.createQueue(maxSize, unboundItems);
    queues.add(queue);
    return queue;
  }

  <T> IsolateQueue<T> queue() {
    return queue(0, UnboundItems.REPLACE);
  }

  @BeforeEach
  @AfterEach
  void cleanUp() {
    queues.forEach(IsolateQueue::close);
    Rendezvous.reset();
  }

  @Nested
  class Attributes {
    @Test
    void defaults_areUnboundedAndReplace() {
      IsolateQueue<Object> queue = Isolates.createQueue();
      queues.add(queue);
      assertThat(queue.maxSize()).isZero();
      assertThat(queue.unboundItems()).isEqualTo(UnboundItems.REPLACE);
      assertThat(queue.toString()).contains("id=" + queue.id()).contains("unbounded").contains("REPLACE");
    }

    @Test
    void maxSize_zeroOrLess_meansUnbounded() {
      IsolateQueue<Object> negative = Isolates.createQueue(-5);
      queues.add(negative);
      assertThat(negative.maxSize()).isZero();
      assertThat(queue(3, UnboundItems.ERROR).maxSize()).isEqualTo(3);
    }

    @Test
    void ids_areUnique() {
      assertThat(queue().id()).isNotEqualTo(queue().id());
    }
  }

  @Nested
  class Operations {
    @Test
    void emptyFullAndSize_followPutsAndGets() {
      IsolateQueue<Integer> queue = queue(2, UnboundItems.REPLACE);
      assertThat(queue.isEmpty()).isTrue();
      assertThat(queue.isFull()).isFalse();
      queue.put(1);
      assertThat(queue.size()).isEqualTo(1);
      queue.put(2);
      assertThat(queue.isFull()).isTrue();
      assertThat(queue.get()).isEqualTo(1);
      assertThat(queue.size()).isEqualTo(1);
      assertThat(queue.getNowait()).isEqualTo(2);
      assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void items_comeOutInTheOrderTheyWentIn() {
      IsolateQueue<Integer> queue = queue();
      for (int i = 0; i < 1_000; i++) {
        queue.put(i);
      }
      for (int i = 0; i < 1_000; i++) {
        assertThat(queue.get()).isEqualTo(i);
      }
    }

    @Test
    void nowait_failsAtOnce() {
      IsolateQueue<String> queue = queue(1, UnboundItems.REPLACE);
      assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class)
          .hasMessage("queue " + queue.id() + " is empty");
      queue.putNowait("spam");
      assertThatThrownBy(() -> queue.putNowait("eggs")).isInstanceOf(QueueFullException.class)
          .hasMessage("queue " + queue.id() + " is full: it holds its maximum of 1 items");
      assertThat(queue.getNowait()).isEqualTo("spam");
    }

    @Test
    void pollAndOffer_answerAtOnce_withoutThrowing() {
      IsolateQueue<String> queue = queue(1, UnboundItems.REPLACE);
      assertThat(queue.poll()).isNull();
      assertThat(queue.offer("spam")).isTrue();
      assertThat(queue.offer("eggs")).isFalse();
      assertThat(queue.size()).isEqualTo(1);
      assertThat(queue.poll()).isEqualTo("spam");
      assertThat(queue.poll(Duration.ofMillis(20))).isNull();
      assertThatThrownBy(() -> queue.poll(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> queue.offer(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aConsumerSpinningOnPoll_getsEveryItemInOrder() throws InterruptedException {
      IsolateQueue<Integer> queue = queue();
      try (Isolate isolate = Isolates.create()) {
        Thread producer = isolate.callInThread((IsolateQueue<Integer> q) -> {
          for (int i = 0; i < 10_000; i++) {
            q.put(i);
          }
        }, queue);
        for (int i = 0; i < 10_000; i++) {
          Integer item;
          while ((item = queue.poll()) == null) {
            Thread.onSpinWait();
          }
          assertThat(item).isEqualTo(i);
        }
        producer.join();
      }
    }

    @Test
    void timeouts_runOut() {
      IsolateQueue<String> queue = queue(1, UnboundItems.REPLACE);
      assertThatThrownBy(() -> queue.get(Duration.ofMillis(20))).isInstanceOf(QueueEmptyException.class)
          .hasMessageContaining("no item arrived within PT0.02S");
      queue.put("spam", Duration.ofSeconds(1));
      assertThatThrownBy(() -> queue.put("eggs", Duration.ofMillis(20))).isInstanceOf(QueueFullException.class)
          .hasMessageContaining("no room was made within PT0.02S");
      assertThat(queue.get(Duration.ZERO)).isEqualTo("spam");
    }

    @Test
    void badArguments_areRefused() {
      IsolateQueue<String> queue = queue();
      assertThatThrownBy(() -> queue.get(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout must not be negative, but was PT-1S");
      assertThatThrownBy(() -> queue.put("x", Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("queues refuse null");
      IsolateQueue<Object> anything = queue();
      assertThatThrownBy(() -> anything.put(new Object()))
          .isInstanceOf(NotShareableException.class)
          .hasMessageStartingWith("item (java.lang.Object) is not shareable");
      assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void cyclicItems_areRefused_andTheQueueStaysEmpty() {
      IsolateQueue<Object> queue = queue();
      List<Object> cyclic = new ArrayList<>();
      cyclic.add(cyclic);
      assertThatThrownBy(() -> queue.put(cyclic)).isInstanceOf(NotShareableException.class)
          .hasMessageStartingWith("item -> element 0 (java.util.ArrayList) is not shareable: it contains itself");
      assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void jdkCollections_keepTheirClass() {
      IsolateQueue<Object> queue = queue();
      List<Object> values = List.of(new java.util.LinkedList<>(List.of(1)), new java.util.Properties(),
          new java.util.TreeMap<>(Map.of("a", 1)), List.of(1, 2, 3), Map.of("k", "v"));
      values.forEach(queue::put);
      for (Object value : values) {
        assertThat(queue.get()).isEqualTo(value).hasSameClassAs(value);
      }
    }

    @Test
    void largeItems_passWhole() {
      IsolateQueue<Object> queue = queue();
      byte[] large = new byte[20 << 20];
      large[large.length - 1] = 42;
      queue.put(large);
      queue.put("after");
      assertThat((byte[]) queue.get()).hasSize(large.length).endsWith((byte) 42);
      assertThat(queue.get()).isEqualTo("after");
    }

    @Test
    void blockedGet_wakesWhenAnotherIsolatePuts() throws InterruptedException {
      IsolateQueue<String> queue = queue();
      try (Isolate isolate = Isolates.create(IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared").build())) {
        Thread producer = isolate.callInThread((IsolateQueue<String> q) -> {
          Rendezvous.await("go");
          q.put("from the isolate");
        }, queue);
        Rendezvous.open("go");
        assertThat(queue.get(Duration.ofSeconds(10))).isEqualTo("from the isolate");
        producer.join();
      }
    }

    @Test
    void blockedPut_wakesWhenRoomIsMade() throws InterruptedException {
      IsolateQueue<Integer> queue = queue(1, UnboundItems.REPLACE);
      queue.put(1);
      Thread producer = new Thread(() -> queue.put(2));
      producer.start();
      assertThat(queue.get()).isEqualTo(1);
      assertThat(queue.get(Duration.ofSeconds(10))).isEqualTo(2);
      producer.join();
    }

    @Test
    void blockedGet_honoursInterruption() throws InterruptedException {
      IsolateQueue<String> queue = queue();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
      Thread consumer = new Thread(() -> {
        try {
          queue.get();
        } catch (IsolateException e) {
          failure.set(e);
          stillInterrupted.set(Thread.currentThread().isInterrupted());
        }
      });
      consumer.start();
      awaitParked(consumer);
      consumer.interrupt();
      consumer.join(10_000);
      assertThat(failure.get()).isExactlyInstanceOf(IsolateException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(stillInterrupted.get()).isTrue();
    }
  }

  @Nested
  class AcrossIsolates {
    @Test
    void queueHandle_isTheSameQueueInsideAnIsolate() {
      IsolateQueue<Object> queue = queue();
      try (Isolate isolate = Isolates.create()) {
        long idInside = isolate.call((IsolateQueue<Object> q) -> {
          q.put(new Point(1, 2));
          return q.id();
        }, queue);
        assertThat(idInside).isEqualTo(queue.id());
        assertThat(queue.get()).isInstanceOf(Point.class).isEqualTo(new Point(1, 2));
      }
    }

    @Test
    void recordPutInMain_arrivesAsTheIsolatesClass() {
      IsolateQueue<Object> queue = queue();
      queue.put(new Point(3, 4));
      try (Isolate isolate = Isolates.create()) {
        String loader = isolate.call((IsolateQueue<Object> q) -> {
          Point point = (Point) q.get();
          return point.getClass().getClassLoader().getName() + " " + point;
        }, queue);
        assertThat(loader).isEqualTo("isolate-" + isolate.id() + " Point[x=3, y=4]");
      }
    }

    @Test
    void queueHandle_travelsThroughPrepareMainAndThroughAnotherQueue() {
      IsolateQueue<Object> results = queue();
      IsolateQueue<Object> carrier = queue();
      carrier.put(results);
      try (Isolate isolate = Isolates.create()) {
        isolate.prepareMain(Map.of("results", results));
        isolate.call((IsolateQueue<Object> c) -> {
          @SuppressWarnings("unchecked")
          IsolateQueue<Object> viaQueue = (IsolateQueue<Object>) c.get();
          @SuppressWarnings("unchecked")
          IsolateQueue<Object> viaMain = (IsolateQueue<Object>) Isolates.mainNamespace().get("results");
          viaQueue.put(viaQueue == viaMain ? "same" : "different");
        }, carrier);
        assertThat(results.get()).isEqualTo("same");
      }
    }

    @Test
    void handlesOfClosedIsolatesAndQueues_arriveClosed() {
      IsolateQueue<Object> carrier = queue();
      Isolate isolate = Isolates.create();
      IsolateQueue<Object> other = Isolates.createQueue();
      carrier.put(isolate);
      carrier.put(other);
      isolate.close();
      other.close();
      Isolate isolateHandle = (Isolate) carrier.get();
      assertThat(isolateHandle.id()).isEqualTo(isolate.id());
      assertThat(isolateHandle.isClosed()).isTrue();
      assertThatThrownBy(() -> isolateHandle.call(Demo::countCall)).isInstanceOf(IsolateNotFoundException.class);
      IsolateQueue<?> queueHandle = (IsolateQueue<?>) carrier.get();
      assertThat(queueHandle.id()).isEqualTo(other.id());
      assertThatThrownBy(queueHandle::get).isInstanceOf(QueueNotFoundException.class);
    }

    @Test
    void valuesOfEveryShareableKind_roundTrip() {
      IsolateQueue<Object> queue = queue();
      List<Object> values = List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5.5f, 6.5, "text",
          new java.math.BigInteger("123456789012345678901234567890"), new java.math.BigDecimal("-1.50"),
          java.util.UUID.fromString("00000000-0000-0001-0000-000000000002"),
          java.time.LocalDate.of(2026, 11, 26), java.time.Duration.ofMillis(1500), java.time.ZoneId.of("Europe/Paris"),
          java.time.ZonedDateTime.parse("2026-11-26T12:00+01:00[Europe/Paris]"), Thread.State.NEW,
          java.util.Optional.of("x"), java.util.Optional.empty(), List.of(1, 2), java.util.Set.of("s"),
          Map.of("k", List.of(new Point(1, 1))), new java.util.TreeMap<>(Map.of("b", 2, "a", 1)),
          new java.util.ArrayDeque<>(List.of("serialized")));
      for (Object value : values) {
        queue.put(value);
      }
      for (Object value : values) {
        Object taken = queue.get();
        if (value instanceof java.util.ArrayDeque) {
          assertThat(taken).isInstanceOf(java.util.ArrayDeque.class).asString().isEqualTo("[serialized]");
        } else {
          assertThat(taken).isEqualTo(value);
        }
      }
      queue.put(new byte[] {1, 2, 3});
      queue.put(new int[] {4, 5});
      queue.put(new String[] {"a", null});
      assertThat((byte[]) queue.get()).containsExactly(1, 2, 3);
      assertThat((int[]) queue.get()).containsExactly(4, 5);
      assertThat((String[]) queue.get()).containsExactly("a", null);
    }
  }

  @Nested
  class UnboundPolicies {
    private void putFromIsolate(IsolateQueue<Object> queue, Object... items) {
      try (Isolate producer = Isolates.create()) {
        producer.call((IsolateQueue<Object> q, List<Object> values) -> values.forEach(q::put), queue, List.of(items));
      }
    }

    @Test
    void replace_handsOutNullForItemsOfAClosedIsolate() {
      IsolateQueue<Object> queue = queue(0, UnboundItems.REPLACE);
      queue.put("main 1");
      putFromIsolate(queue, "isolate 1", "isolate 2");
      queue.put("main 2");
      assertThat(queue.size()).isEqualTo(4);
      assertThat(queue.get()).isEqualTo("main 1");
      assertThat(queue.get()).isNull();
      assertThat(queue.get()).isNull();
      assertThat(queue.get()).isEqualTo("main 2");
      assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void error_throwsForItemsOfAClosedIsolate_andMovesOn() {
      IsolateQueue<Object> queue = queue(0, UnboundItems.ERROR);
      putFromIsolate(queue, "lost");
      queue.put("main");
      assertThatThrownBy(queue::get).isInstanceOf(ItemIsolateClosedException.class)
          .hasMessageContaining("was closed before the item was taken");
      assertThat(queue.get()).isEqualTo("main");
    }

    @Test
    void remove_dropsItemsOfAClosedIsolate_andSizeReflectsIt() {
      IsolateQueue<Object> queue = queue(0, UnboundItems.REMOVE);
      queue.put("main 1");
      putFromIsolate(queue, "gone 1", "gone 2");
      queue.put("main 2");
      assertThat(queue.size()).isEqualTo(2);
      assertThat(queue.get()).isEqualTo("main 1");
      assertThat(queue.get()).isEqualTo("main 2");
      assertThat(queue.isEmpty()).isTrue();
      assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class);
    }

    @Test
    void remove_withSeveralProducers_dropsOnlyTheClosedOnesItems() {
      IsolateQueue<Object> queue = queue(3, UnboundItems.REMOVE);
      try (Isolate kept = Isolates.create()) {
        kept.call((IsolateQueue<Object> q) -> q.put("kept"), queue);
        putFromIsolate(queue, "gone 1", "gone 2");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.isFull()).isFalse();
        assertThat(queue.get()).isEqualTo("kept");
      }
    }

    /**
     * Two isolates put in turn, so that the items of both share the log's batches, some appended and one still
     * being filled when one isolate closes: only that isolate's items become unbound.
     */
    @ParameterizedTest
    @EnumSource(UnboundItems.class)
    void itemsOfTwoIsolatesInOneBatch_whenOneCloses_onlyItsItemsAreUnbound(UnboundItems policy) {
      IsolateQueue<Object> queue = queue(0, policy);
      int items = 2_000;
      try (Isolate kept = Isolates.create()) {
        try (Isolate closing = Isolates.create()) {
          for (int i = 0; i < items; i++) {
            kept.call((IsolateQueue<Object> q, Integer item) -> q.put(item), queue, i);
            closing.call((IsolateQueue<Object> q, Integer item) -> q.put(item), queue, -i - 1);
          }
        }
        assertThat(queue.size()).isEqualTo(policy == UnboundItems.REMOVE ? items : 2 * items);
        for (int i = 0; i < items; i++) {
          assertThat(queue.get()).isEqualTo(i);
          if (policy == UnboundItems.REPLACE) {
            assertThat(queue.get()).isNull();
          } else if (policy == UnboundItems.ERROR) {
            assertThatThrownBy(queue::get).isInstanceOf(ItemIsolateClosedException.class);
          }
        }
        assertThat(queue.isEmpty()).isTrue();
      }
    }

    @Test
    void itemsAlreadyTaken_areNotAffectedByTheClose() {
      IsolateQueue<Object> queue = queue(0, UnboundItems.ERROR);
      try (Isolate producer = Isolates.create()) {
        producer.call((IsolateQueue<Object> q) -> q.put("taken in time"), queue);
        assertThat(queue.get()).isEqualTo("taken in time");
      }
      assertThat(queue.isEmpty()).isTrue();
    }
  }

  /** Waits until a thread is parked, as a thread blocked on an empty queue is once it stops spinning. */
  static void awaitParked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        throw new AssertionError(thread + " did not block; it is " + thread.getState());
      }
      Thread.onSpinWait();
    }
  }

  @Nested
  class Closing {
    @Test
    void everyUse_afterClose_throwsQueueNotFound() {
      IsolateQueue<String> queue = Isolates.createQueue();
      queue.put("x");
      queue.close();
      queue.close();
      assertThatThrownBy(queue::get).isInstanceOf(QueueNotFoundException.class)
          .hasMessage("queue " + queue.id() + " was closed");
      assertThatThrownBy(() -> queue.put("y")).isInstanceOf(QueueNotFoundException.class);
      assertThatThrownBy(queue::size).isInstanceOf(QueueNotFoundException.class);
      assertThat(queue.toString()).contains("closed");
    }

    @Test
    void close_wakesABlockedGet() throws InterruptedException {
      IsolateQueue<String> queue = Isolates.createQueue();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread consumer = new Thread(() -> {
        try {
          queue.get();
        } catch (RuntimeException e) {
          failure.set(e);
        }
      });
      consumer.start();
      awaitParked(consumer);
      queue.close();
      consumer.join(10_000);
      assertThat(failure.get()).isInstanceOf(QueueNotFoundException.class);
    }
  }
}
