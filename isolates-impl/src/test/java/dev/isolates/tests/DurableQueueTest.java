package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.IsolateException;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import dev.isolates.QueueException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable queues: items that outlive handles, JVMs and crashes, shared by processes, each taken once. */
class DurableQueueTest {
  @TempDir
  Path dir;

  @Test
  void items_surviveTheHandle_andAreTakenOnce() {
    try (IsolateQueue<Integer> queue = Isolates.openQueue(dir)) {
      IntStream.range(0, 10).forEach(queue::put);
    }
    try (IsolateQueue<Integer> queue = Isolates.openQueue(dir)) {
      assertThat(queue.size()).isEqualTo(10);
      for (int i = 0; i < 5; i++) {
        assertThat(queue.get()).isEqualTo(i);
      }
    }
    try (IsolateQueue<Integer> queue = Isolates.openQueue(dir)) {
      assertThat(queue.size()).isEqualTo(5);
      for (int i = 5; i < 10; i++) {
        assertThat(queue.get()).isEqualTo(i);
      }
      assertThat(queue.isEmpty()).isTrue();
    }
    assertThat(dir).isNotEmptyDirectory();
  }

  @Test
  void largeItems_areKeptInFilesOfTheirOwn_untilTaken() throws IOException {
    byte[] large = new byte[3 << 20];
    new Random(7).nextBytes(large);
    try (IsolateQueue<byte[]> queue = Isolates.openQueue(dir)) {
      queue.put(large);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(file -> file.toString().endsWith(".item"))).hasSize(1);
    }
    try (IsolateQueue<byte[]> queue = Isolates.openQueue(dir)) {
      assertThat(queue.get()).isEqualTo(large);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(file -> file.toString().endsWith(".item"))).isEmpty();
    }
  }

  @Test
  void settings_areChosenByTheFirstOpen() {
    try (IsolateQueue<Integer> first = Isolates.openQueue(dir, 2, UnboundItems.ERROR)) {
      first.put(1);
    }
    try (IsolateQueue<Integer> later = Isolates.openQueue(dir, 0, UnboundItems.REPLACE)) {
      assertThat(later.maxSize()).isEqualTo(2);
      assertThat(later.unboundItems()).isEqualTo(UnboundItems.ERROR);
      later.put(2);
      assertThat(later.isFull()).isTrue();
    }
  }

  @Test
  void handlesInOneJvm_shareTheQueue_andCloseSeparately() {
    IsolateQueue<String> first = Isolates.openQueue(dir);
    IsolateQueue<String> second = Isolates.openQueue(dir);
    first.put("spam");
    assertThat(second.get(Duration.ofSeconds(5))).isEqualTo("spam");
    first.close();
    assertThatThrownBy(() -> first.put("x")).isInstanceOf(QueueNotFoundException.class)
        .hasMessageContaining("its folder " + dir.toAbsolutePath().toString().replace("/private", ""))
        .hasMessageContaining("open it again with Isolates.openQueue");
    second.put("eggs");
    assertThat(second.get()).isEqualTo("eggs");
    second.close();
  }

  @Test
  void items_surviveTheProducerBeingKilled() throws Exception {
    Process producer = ChildJvm.start(Producer.class, true, dir.toString(), "1000");
    ChildJvm.awaitLine(producer, "ready");
    producer.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
    try (IsolateQueue<Integer> queue = Isolates.openQueue(dir)) {
      assertThat(queue.size()).isEqualTo(1000);
      for (int i = 0; i < 1000; i++) {
        assertThat(queue.get(Duration.ofSeconds(5))).isEqualTo(i);
      }
      assertThat(queue.isEmpty()).isTrue();
    }
  }

  @Test
  void aConsumerKilledMidway_neverMakesAnItemTakenTwice() throws Exception {
    try (IsolateQueue<Integer> queue = Isolates.openQueue(dir)) {
      IntStream.range(0, 1000).forEach(queue::put);
    }
    Process consumer = ChildJvm.start(Consumer.class, true, dir.toString(), "300");
    ChildJvm.awaitLine(consumer, "took 300");
    consumer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    try (IsolateQueue<Integer> queue = Isolates.openQueue(dir)) {
      assertThat(queue.size()).isEqualTo(700);
      for (int i = 300; i < 1000; i++) {
        assertThat(queue.get(Duration.ofSeconds(5))).isEqualTo(i);
      }
    }
  }

  @Test
  void twoProcesses_shareOneQueue_eachItemTakenExactlyOnce() throws Exception {
    int count = 20_000;
    List<Process> consumers = List.of(ChildJvm.start(Consumer.class, true, dir.toString(), "until-end"),
        ChildJvm.start(Consumer.class, true, dir.toString(), "until-end"));
    try (IsolateQueue<Object> queue = Isolates.openQueue(dir)) {
      for (Process consumer : consumers) {
        ChildJvm.awaitLine(consumer, "ready");
      }
      for (int i = 0; i < count; i++) {
        queue.put(i);
      }
      queue.put("end");
      queue.put("end");
      List<Integer> taken = new ArrayList<>();
      for (Process consumer : consumers) {
        String output = new String(consumer.getInputStream().readAllBytes());
        assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("end");
        taken.addAll(itemsIn(output));
      }
      assertThat(taken).hasSize(count).doesNotHaveDuplicates();
      assertThat(new HashSet<>(taken)).isEqualTo(IntStream.range(0, count).boxed().collect(Collectors.toSet()));
      assertThat(queue.isEmpty()).isTrue();
    }
  }

  @Test
  void garbageInAFile_isReportedNamingIt_afterTheItemsBeforeTheDamage() throws Exception {
    fill(100);
    damage(file -> writeGarbage(file, 65_536 + 400, 300));
    assertReadableThenReportedDamage(ChildJvm.run(Consumer.class, true, dir.toString(), "until-failure"));
  }

  @Test
  void aTruncatedFile_isReportedNamingIt_afterTheItemsBeforeTheDamage() throws Exception {
    fill(100);
    damage(file -> {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(65_536 + 400);
      }
    });
    assertReadableThenReportedDamage(ChildJvm.run(Consumer.class, true, dir.toString(), "until-failure"));
  }

  private void fill(int count) {
    try (IsolateQueue<Integer> queue = Isolates.openQueue(dir)) {
      IntStream.range(0, count).forEach(queue::put);
    }
  }

  private void damage(FileDamage damage) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      Path cycleFile = files.filter(file -> file.toString().endsWith(".cq4")).findFirst().orElseThrow();
      damage.apply(cycleFile);
    }
  }

  private static void writeGarbage(Path file, long offset, int length) throws IOException {
    byte[] garbage = new byte[length];
    new Random(42).nextBytes(garbage);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(garbage), offset);
    }
  }

  private static void assertReadableThenReportedDamage(String output) {
    List<Integer> taken = itemsIn(output);
    assertThat(taken).as("the items before the damage, in order").isNotEmpty()
        .isEqualTo(IntStream.range(0, taken.size()).boxed().collect(Collectors.toList()));
    assertThat(taken.size()).isLessThan(100);
    assertThat(output).contains("QueueException").contains("is damaged").contains(".cq4");
  }

  /** The items a {@link Consumer} printed, in order. */
  private static List<Integer> itemsIn(String output) {
    return output.lines().filter(line -> line.startsWith("item "))
        .map(line -> Integer.valueOf(line.substring(5))).collect(Collectors.toList());
  }

  @Test
  void aJvmWithoutTheFlags_getsOneErrorListingThem() throws Exception {
    String output = ChildJvm.run(CreateQueue.class, false);
    assertThat(output).startsWith("dev.isolates.IsolateException: queues need JVM flags that are missing:")
        .contains("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED")
        .contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED")
        .doesNotContain("\tat ");
  }

  @Test
  void abandonedQueueFolders_ofDeadJvms_areRemoved(@TempDir Path base) throws Exception {
    Path abandoned = Files.createDirectories(base.resolve("jvm-1-dead").resolve("queue-1"));
    Files.createFile(base.resolve("jvm-1-dead").resolve("owner.lock"));
    String output = ChildJvm.run(CreateQueue.class, true, List.of("-Disolates.queue.dir=" + base));
    assertThat(output).contains("created");
    assertThat(abandoned.getParent()).doesNotExist();
    try (Stream<Path> left = Files.list(base)) {
      assertThat(left).as("the child's own folder is deleted at its exit").isEmpty();
    }
  }

  @FunctionalInterface
  private interface FileDamage {
    void apply(Path file) throws IOException;
  }

  /** Puts 0..n-1 on the durable queue in args[0], prints "ready", then waits to be killed. */
  public static final class Producer {
    public static void main(String[] args) throws InterruptedException {
      IsolateQueue<Integer> queue = Isolates.openQueue(Path.of(args[0]));
      IntStream.range(0, Integer.parseInt(args[1])).forEach(queue::put);
      System.out.println("ready");
      Thread.sleep(60_000);
    }
  }

  /**
   * Takes items from the durable queue in args[0], printing each: a number of them (then prints "took N" and
   * waits to be killed), or until it takes "end", or until the queue fails (then prints the failure).
   */
  public static final class Consumer {
    public static void main(String[] args) throws InterruptedException {
      IsolateQueue<Object> queue = Isolates.openQueue(Path.of(args[0]));
      System.out.println("ready");
      switch (args[1]) {
        case "until-end":
          for (Object item = queue.get(Duration.ofSeconds(30)); !"end".equals(item);
              item = queue.get(Duration.ofSeconds(30))) {
            System.out.println("item " + item);
          }
          System.out.println("end");
          break;
        case "until-failure":
          try {
            while (true) {
              System.out.println("item " + queue.get(Duration.ofSeconds(5)));
            }
          } catch (IsolateException e) {
            System.out.println(e);
          }
          break;
        default:
          int count = Integer.parseInt(args[1]);
          for (int i = 0; i < count; i++) {
            System.out.println("item " + queue.get());
          }
          System.out.println("took " + count);
          System.out.flush();
          Thread.sleep(60_000);
      }
      queue.close();
    }
  }

  /** Creates a queue and prints "created", or the failure's message. */
  public static final class CreateQueue {
    public static void main(String[] args) {
      try {
        Isolates.createQueue().close();
        System.out.println("created");
      } catch (IsolateException e) {
        System.out.println(e);
      }
    }
  }
}
