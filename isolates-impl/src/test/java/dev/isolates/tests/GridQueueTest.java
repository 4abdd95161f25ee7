package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedCallable;
import dev.isolates.Isolates;
import dev.isolates.NotShareableException;
import dev.isolates.QueueEmptyException;
import dev.isolates.QueueException;
import dev.isolates.QueueFullException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import dev.isolates.hazelcast.HazelcastIsolates;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The grid queue on a real cluster: two members in this JVM, one in a child JVM. */
@ExtendWith(GridCluster.Shared.class)
class GridQueueTest {
  private static GridCluster cluster;

  @BeforeAll
  static void joinCluster(GridCluster shared) {
    cluster = shared;
  }

  @Test
  void items_putOnOneMember_areTakenOnAnother_inOrder_asCopies() {
    String name = uniqueName();
    IsolateQueue<Object> onFirst = HazelcastIsolates.queue(cluster.first, name);
    IsolateQueue<Object> onSecond = HazelcastIsolates.queue(cluster.second, name);
    List<Object> items = List.of("one", 2, new GridTasks.Point(3, 4), List.of(5, 6), new byte[] {7});
    for (Object item : items) {
      onFirst.put(item);
    }
    assertThat(onSecond.size()).isEqualTo(5);
    assertThat(onSecond.get()).isEqualTo("one");
    assertThat(onSecond.get(Duration.ofSeconds(1))).isEqualTo(2);
    GridTasks.Point point = (GridTasks.Point) onSecond.getNowait();
    assertThat(point).isEqualTo(new GridTasks.Point(3, 4));
    assertThat(onSecond.poll()).isEqualTo(List.of(5, 6));
    assertThat((byte[]) onSecond.poll(Duration.ofSeconds(1))).containsExactly(7);
    assertThat(onFirst.isEmpty()).isTrue();
  }

  @Test
  void items_areDecodedInTheGettingIsolate_withItsClasses() {
    IsolateQueue<Object> queue = HazelcastIsolates.queue(cluster.first, uniqueName());
    queue.put(new GridTasks.Point(1, 2));
    try (Isolate isolate = Isolates.create()) {
      assertThat(isolate.call(GridQueueTest::takeWithOwnClass, queue)).isTrue();
    }
  }

  /** Takes a point inside an isolate, whose copy of the queue handle arrived by name: is it the isolate's class? */
  static boolean takeWithOwnClass(IsolateQueue<Object> queue) {
    Object point = queue.get(Duration.ofSeconds(10));
    return point.getClass() == GridTasks.Point.class && point.getClass().getClassLoader()
        == Thread.currentThread().getContextClassLoader() && point.equals(new GridTasks.Point(1, 2));
  }

  @Test
  void eachItem_isTakenOnce_byTakersOnEveryMember_andEachProducersItemsKeepTheirOrder() throws Exception {
    String name = uniqueName();
    IsolateQueue<String> onFirst = HazelcastIsolates.queue(cluster.first, name);
    ExecutorService pool = HazelcastIsolates.pool(cluster.first, "producers", IsolateConfig.defaults());
    List<Future<Integer>> producers = new ArrayList<>();
    for (int p = 0; p < 3; p++) { // one on each member
      String producer = "p" + p;
      producers.add(pool.submit((IsolatedCallable<Integer>) () -> produce(onFirst, producer, 200)));
    }
    Set<String> taken = ConcurrentHashMap.newKeySet();
    Set<String> takenTwice = ConcurrentHashMap.newKeySet();
    List<List<String>> seenByTaker = new ArrayList<>();
    List<Thread> takers = new ArrayList<>();
    for (HazelcastInstance member : List.of(cluster.first, cluster.second)) {
      IsolateQueue<String> queue = HazelcastIsolates.queue(member, name);
      List<String> seen = new ArrayList<>();
      seenByTaker.add(seen);
      Thread taker = new Thread(() -> {
        for (String item = queue.poll(Duration.ofSeconds(5)); item != null; item = queue.poll(Duration.ofSeconds(5))) {
          if (!taken.add(item)) {
            takenTwice.add(item);
          }
          seen.add(item);
        }
      }, "grid-taker");
      taker.start();
      takers.add(taker);
    }
    for (Future<Integer> producer : producers) {
      assertThat(producer.get()).isEqualTo(200);
    }
    for (Thread taker : takers) {
      taker.join();
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(takenTwice).isEmpty();
    assertThat(taken).hasSize(600);
    for (List<String> seen : seenByTaker) {
      for (int p = 0; p < 3; p++) {
        String producer = "p" + p + "-";
        List<Integer> numbers = seen.stream().filter(item -> item.startsWith(producer))
            .map(item -> Integer.parseInt(item.substring(producer.length()))).collect(Collectors.toList());
        assertThat(numbers).as("items of %s", producer).isSorted();
      }
    }
  }

  static int produce(IsolateQueue<String> queue, String producer, int count) {
    for (int i = 0; i < count; i++) {
      queue.put(producer + "-" + i);
    }
    return count;
  }

  @Test
  void maxSize_isTheClustersQueueConfig_andABoundedQueueRefusesWhenFull() {
    String name = uniqueName();
    cluster.first.getConfig().addQueueConfig(new QueueConfig(name).setMaxSize(2));
    IsolateQueue<String> bounded = HazelcastIsolates.queue(cluster.second, name);
    assertThat(bounded.maxSize()).isEqualTo(2);
    bounded.put("a");
    assertThat(bounded.offer("b")).isTrue();
    assertThat(bounded.isFull()).isTrue();
    assertThat(bounded.offer("c")).isFalse();
    assertThatThrownBy(() -> bounded.putNowait("c")).isInstanceOf(QueueFullException.class)
        .hasMessage("grid queue '" + name + "' is full: it holds its maximum of 2 items");
    assertThatThrownBy(() -> bounded.put("c", Duration.ofMillis(50))).isInstanceOf(QueueFullException.class)
        .hasMessageEndingWith(", and no room was made within PT0.05S");
    assertThat(HazelcastIsolates.queue(cluster.first, uniqueName()).maxSize()).as("unbounded").isZero();
  }

  @Test
  void anEmptyQueue_answersAtOnce_orAfterTheTimeout() {
    String name = uniqueName();
    IsolateQueue<String> queue = HazelcastIsolates.queue(cluster.first, name);
    assertThat(queue.poll()).isNull();
    assertThat(queue.poll(Duration.ofMillis(50))).isNull();
    assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class)
        .hasMessage("grid queue '" + name + "' is empty");
    assertThatThrownBy(() -> queue.get(Duration.ofMillis(150))).isInstanceOf(QueueEmptyException.class)
        .hasMessage("grid queue '" + name + "' is empty, and no item arrived within PT0.15S");
    assertThatThrownBy(() -> queue.get(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must not be negative, but was PT-1S");
    assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void valuesThatCannotTravel_areRefusedAtPut_andNothingIsPut() throws Exception {
    IsolateQueue<Object> queue = HazelcastIsolates.queue(cluster.first, uniqueName());
    try (Socket socket = new Socket(); IsolateQueue<String> local = Isolates.createQueue()) {
      assertThatThrownBy(() -> queue.put(socket)).isInstanceOf(NotShareableException.class)
          .hasMessageStartingWith("item (java.net.Socket) is not shareable");
      assertThatThrownBy(() -> queue.put(List.of("a", local))).isInstanceOf(NotShareableException.class)
          .hasMessageStartingWith("item -> element 1 (dev.isolates.IsolateQueue) is not shareable: a handle of an"
              + " isolate or a queue is valid in one JVM only");
    }
    assertThat(queue.size()).isZero();
  }

  @Test
  void handles_haveIdsOfTheirOwn_andCloseAlone_leavingTheQueueAndItsItems() {
    String name = uniqueName();
    IsolateQueue<String> one = HazelcastIsolates.queue(cluster.first, name);
    IsolateQueue<String> two = HazelcastIsolates.queue(cluster.first, name);
    assertThat(one.id()).isNotEqualTo(two.id());
    assertThat(one.unboundItems()).isEqualTo(UnboundItems.REPLACE);
    one.put("kept");
    one.close();
    one.close();
    assertThatThrownBy(() -> one.put("x")).isInstanceOf(QueueNotFoundException.class)
        .hasMessage("grid queue handle " + one.id() + " ('" + name + "') was closed; the cluster's queue and its"
            + " items stay: open another handle with HazelcastIsolates.queue");
    assertThatThrownBy(one::size).isInstanceOf(QueueNotFoundException.class);
    assertThat(two.get()).isEqualTo("kept");
    assertThat(one.toString()).contains("closed");
  }

  @Test
  void anInterruptedTaker_getsAQueueException_andStaysInterrupted() {
    IsolateQueue<String> queue = HazelcastIsolates.queue(cluster.first, uniqueName());
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(queue::get).isInstanceOf(QueueException.class)
          .hasMessageContaining("interrupted while waiting to take an item from grid queue");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aClient_sharesTheQueue_andReadsItsMaxSizeFromAMember() {
    String name = uniqueName();
    cluster.first.getConfig().addQueueConfig(new QueueConfig(name).setMaxSize(7));
    ClientConfig config = new ClientConfig().setClusterName(cluster.name);
    config.setProperty("hazelcast.logging.type", "none");
    config.getNetworkConfig().addAddress(cluster.joinAddress());
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
    try {
      IsolateQueue<String> onClient = HazelcastIsolates.queue(client, name);
      assertThat(onClient.maxSize()).isEqualTo(7);
      onClient.put("from the client");
      assertThat(HazelcastIsolates.queue(cluster.second, name).get()).isEqualTo("from the client");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void badArguments_areRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> HazelcastIsolates.queue(cluster.first, "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queue name must not be blank, but was ''");
    HazelcastInstance gone = Hazelcast.newHazelcastInstance(GridMember.config(cluster.name, cluster.joinAddress(), true));
    gone.shutdown();
    cluster.awaitMembers(3); // the lite member's leave is settled before the next test sends anything
    assertThatThrownBy(() -> HazelcastIsolates.queue(gone, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("is shut down: pass a running member or client");
  }

  private static String uniqueName() {
    return "queue-" + UUID.randomUUID();
  }
}
