package dev.isolates.tests;

import static dev.isolates.tests.GridCluster.results;
import static dev.isolates.tests.GridCluster.submitTimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.isolates.CancelReason;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.ExecutionFailedException;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolateLimits;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedCallable;
import dev.isolates.Isolates;
import dev.isolates.NotShareableException;
import dev.isolates.hazelcast.HazelcastIsolates;
import dev.isolates.impl.TestAccess;
import dev.isolates.tests.shared.Kept;
import dev.isolates.tests.shared.Rendezvous;
import java.io.Serializable;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The grid pool on a real cluster: members {@code first} and {@code second} in this JVM, one in a child JVM. Tasks
 * go round robin from the oldest member, so the tasks of a pool go to first, second, the child, first, ...
 */
@ExtendWith(GridCluster.Shared.class)
class GridPoolTest {
  /** Lets tasks on the members in this JVM open the tests' latches. */
  private static final IsolateConfig SHARING = IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared").build();
  private static GridCluster cluster;
  /** The pools a test made, shut down after it whatever happened, so that a failure leaves no isolate behind. */
  private final List<ExecutorService> pools = new ArrayList<>();

  @BeforeAll
  static void joinCluster(GridCluster shared) {
    cluster = shared;
  }

  @AfterEach
  void stopPools() throws InterruptedException {
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("terminated: %s", pool).isTrue();
    }
    Rendezvous.reset();
  }

  @Test
  void tasks_runInEachMembersIsolateForThePool_namedAfterPoolAndMember() throws Exception {
    ExecutorService pool = pool("where");
    List<String> places = results(submitTimes(pool, 3, GridTasks::where));
    close(pool);
    for (Member member : cluster.first.getCluster().getMembers()) {
      String address = member.getAddress().getHost() + ":" + member.getAddress().getPort();
      assertThat(places).filteredOn(place -> place.contains("name=where@" + address + ",")).hasSize(1);
    }
    assertThat(places).allMatch(place -> place.contains("whence=API"));
  }

  @Test
  void eachMember_keepsOneIsolatePerPoolName_withItsOwnStaticState() throws Exception {
    ExecutorService counting = pool("counting");
    ExecutorService other = pool("counting-other");
    // Two tasks on each member: the second sees what the first left in the pool's isolate there, and the two
    // members in this JVM count apart, as they have an isolate each.
    assertThat(results(submitTimes(counting, 6, GridTasks::count))).containsExactlyInAnyOrder(1, 1, 1, 2, 2, 2);
    assertThat(results(submitTimes(other, 3, GridTasks::count))).containsExactly(1, 1, 1);
    close(counting);
    close(other);
    assertThat(GridTasks.calls).as("main's copy").isZero();
  }

  @Test
  void handlesOfOnePoolName_shareTheMembersIsolates_untilTheLastOneShutsDown() throws Exception {
    ExecutorService one = pool("shared-name");
    ExecutorService two = pool("shared-name");
    assertThat(results(submitTimes(one, 3, GridTasks::count))).containsExactly(1, 1, 1);
    assertThat(results(submitTimes(two, 3, GridTasks::count))).containsExactly(2, 2, 2);
    close(one);
    assertThat(results(submitTimes(two, 3, GridTasks::count))).containsExactly(3, 3, 3);
    close(two);
    assertThat(openIsolatesOnEveryMember()).containsOnly(1);
  }

  @Test
  void aPoolNameWithAnotherConfig_isRefusedByTheMembers() throws Exception {
    ExecutorService one = pool("one-config");
    ExecutorService other = pool("one-config", IsolateConfig.builder().name("x").build());
    assertThat(one.submit(task(GridTasks::count)).get()).isEqualTo(1);
    assertThatThrownBy(() -> other.submit(task(GridTasks::count)).get()).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IsolateException.class)
        .hasMessageContaining("already runs pool 'one-config' with another config")
        .hasMessageContaining("give every handle of a pool name the same IsolateConfig");
    close(one);
    close(other);
  }

  @Test
  void taskFailure_reachesGetAsExecutionFailed_withTheMembersExcInfo() throws Exception {
    ExecutorService pool = pool("failing");
    for (Future<Integer> failing : submitTimes(pool, 3, () -> GridTasks.divide(1, 0))) {
      assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(ExecutionFailedException.class, e -> {
            assertThat(e.excInfo().formatted()).isEqualTo("java.lang.ArithmeticException: / by zero");
            assertThat(e.excInfo().stackTrace()).contains("dev.isolates.tests.GridTasks.divide(GridTasks.java:");
          });
    }
    close(pool);
  }

  @Test
  void whatTheLocalPoolRefuses_isRefusedAtSubmission_beforeItTravels() throws Exception {
    ExecutorService pool = pool("refusing");
    Callable<Integer> plain = () -> 1;
    assertThatThrownBy(() -> pool.submit(plain)).isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("it cannot travel to the members of pool 'refusing'")
        .cause().isInstanceOf(NotShareableException.class).hasMessageContaining("is not Serializable");
    assertThatThrownBy(() -> pool.execute(new FutureTask<>(plain))).isInstanceOf(RejectedExecutionException.class)
        .cause().hasMessageContaining("java.util.concurrent.FutureTask");
    Object lock = new Object();
    assertThatThrownBy(() -> pool.submit(task(() -> lock.hashCode()))).isInstanceOf(RejectedExecutionException.class)
        .cause().isInstanceOf(NotShareableException.class)
        .hasMessage("captured value 1 (java.lang.Object) is not shareable: it is neither a shareable type nor"
            + " Serializable; pass the data it holds instead (Isolates.isShareable lists the shareable types), or"
            + " make its class Serializable");
    try (IsolateQueue<String> local = Isolates.createQueue()) {
      assertThatThrownBy(() -> pool.submit(task(() -> local.size()))).isInstanceOf(RejectedExecutionException.class)
          .cause().isInstanceOf(NotShareableException.class)
          .hasMessageStartingWith("captured value 1 (dev.isolates.IsolateQueue) is not shareable: a handle of an"
              + " isolate or a queue is valid in one JVM only");
    }
    assertThatThrownBy(() -> pool.invokeAll(List.of(task(() -> 1), task(() -> lock.hashCode()))))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(pool.toString()).contains("running=0", "members used=0");
    close(pool);
  }

  @Test
  void aResultThatCannotTravel_failsItsFuture() throws Exception {
    ExecutorService pool = pool("unshareable-result");
    assertThatThrownBy(() -> pool.submit(task(Object::new)).get()).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("result (java.lang.Object) is not shareable");
    close(pool);
  }

  @Test
  void results_areCopiesMadeOfTheGettersClasses() throws Exception {
    ExecutorService pool = pool("points");
    for (GridTasks.Point point : results(submitTimes(pool, 3, () -> new GridTasks.Point(1, 2)))) {
      assertThat(point).isEqualTo(new GridTasks.Point(1, 2));
    }
    close(pool);
  }

  @Test
  void cancelTrue_stopsALoopThatChecksNothing_andTheTenantsOtherTasksGoOn() throws Exception {
    ExecutorService pool = pool("cancel", SHARING);
    IsolateQueue<String> started = queue();
    IsolateQueue<String> go = queue();
    Future<Integer> spinning = pool.submit(task(() -> GridTasks.spin(started))); // on first, in this JVM
    List<Future<String>> waiting = submitTimes(pool, 3, () -> GridTasks.await(started, go)); // second, child, first
    for (int i = 0; i < 4; i++) {
      started.get(Duration.ofSeconds(30));
    }
    assertThat(spinning.cancel(true)).isTrue();
    assertThat(Rendezvous.await("stopped")).as("the spinning task was stopped on its member").isTrue();
    assertThat(spinning.isCancelled()).isTrue();
    assertThatThrownBy(spinning::get).isInstanceOf(CancellationException.class);
    for (int i = 0; i < 3; i++) {
      go.put("go");
    }
    assertThat(results(waiting)).containsExactly("go 1", "go 1", "go 1");
    assertThat(spinning.cancel(true)).as("a second cancel").isFalse();
    close(pool);
  }

  @Test
  void cancelFalse_keepsATaskThatWaitsOnItsMemberFromStarting() throws Exception {
    String name = "one-thread-" + UUID.randomUUID();
    cluster.first.getConfig().addExecutorConfig(new ExecutorConfig(name).setPoolSize(1));
    ExecutorService pool = pool(name);
    IsolateQueue<String> started = queue();
    IsolateQueue<String> go = queue();
    Future<String> blocking = pool.submit(task(() -> GridTasks.await(started, go))); // holds first's only thread
    submitTimes(pool, 2, GridTasks::count); // second, child
    Future<Integer> queued = pool.submit(task(GridTasks::count)); // first, behind the blocking task
    started.get(Duration.ofSeconds(30));
    assertThat(queued.cancel(false)).isTrue();
    go.put("go");
    assertThat(blocking.get()).isEqualTo("go 1");
    List<Future<Integer>> next = submitTimes(pool, 3, GridTasks::count); // second, child, first
    assertThat(next.get(2).get()).as("the first member's count: the cancelled task never ran").isEqualTo(2);
    assertThat(queued.isCancelled()).isTrue();
    close(pool);
  }

  @Test
  void limitsOfTheConfig_applyOnEveryMember() throws Exception {
    IsolateConfig limited = IsolateConfig.builder()
        .limits(IsolateLimits.builder().callTimeout(Duration.ofMillis(200)).build()).build();
    ExecutorService pool = pool("limited", limited);
    IsolateQueue<String> started = queue();
    for (Future<Integer> spinning : submitTimes(pool, 3, () -> GridTasks.spin(started))) {
      assertThatThrownBy(spinning::get).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(ExecutionCancelledException.class,
              e -> assertThat(e.reason()).isEqualTo(CancelReason.CALL_TIMEOUT));
    }
    close(pool);
  }

  @Test
  void shutdown_letsSubmittedTasksFinish_thenClosesThePoolsIsolateOnEveryMember() throws Exception {
    ExecutorService pool = pool("closing");
    IsolateQueue<String> started = queue();
    IsolateQueue<String> go = queue();
    List<Future<String>> waiting = submitTimes(pool, 3, () -> GridTasks.await(started, go));
    for (int i = 0; i < 3; i++) {
      started.get(Duration.ofSeconds(30));
    }
    pool.shutdown();
    assertThat(pool.isShutdown()).isTrue();
    assertThatThrownBy(() -> pool.submit(task(GridTasks::count))).isInstanceOf(RejectedExecutionException.class)
        .hasMessage("pool 'closing' is shut down: it takes no new tasks");
    assertThat(pool.awaitTermination(0, TimeUnit.SECONDS)).isFalse();
    assertThat(pool.isTerminated()).isFalse();
    for (int i = 0; i < 3; i++) {
      go.put("go");
    }
    assertThat(results(waiting)).containsExactly("go 1", "go 1", "go 1");
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(pool.toString()).contains("terminated");
    assertThat(openIsolatesOnEveryMember()).containsOnly(1);
  }

  @Test
  void shutdownNow_stopsRunningTasks_andCancelsThoseWaitingOnTheirMember() throws Exception {
    String name = "one-thread-" + UUID.randomUUID();
    cluster.first.getConfig().addExecutorConfig(new ExecutorConfig(name).setPoolSize(1));
    ExecutorService pool = pool(name);
    IsolateQueue<String> started = queue();
    List<Future<Integer>> spinning = submitTimes(pool, 3, () -> GridTasks.spin(started));
    Future<Integer> waiting = pool.submit(task(GridTasks::count)); // first, behind its spinning task
    for (int i = 0; i < 3; i++) {
      started.get(Duration.ofSeconds(30));
    }
    assertThat(pool.shutdownNow()).isEmpty();
    for (Future<Integer> stopped : spinning) {
      assertThatThrownBy(stopped::get).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(ExecutionCancelledException.class,
              e -> assertThat(e.reason()).isEqualTo(CancelReason.CANCEL));
    }
    assertThatThrownBy(waiting::get).isInstanceOf(CancellationException.class);
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(openIsolatesOnEveryMember()).containsOnly(1);
  }

  @Test
  void invokeAllAndInvokeAny_work() throws Exception {
    ExecutorService pool = pool("invoking");
    List<IsolatedCallable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3, () -> 4);
    assertThat(results(pool.invokeAll(tasks))).containsExactly(1, 2, 3, 4);
    assertThat(results(pool.invokeAll(tasks, 30, TimeUnit.SECONDS))).containsExactly(1, 2, 3, 4);
    assertThat(pool.invokeAny(tasks)).isBetween(1, 4);
    assertThat(pool.invokeAny(List.of(task(() -> GridTasks.divide(1, 0)), task(() -> 5)))).isEqualTo(5);
    assertThatThrownBy(() -> pool.invokeAny(List.of(task(() -> GridTasks.divide(1, 0)))))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ExecutionFailedException.class);
    close(pool);
  }

  @Test
  void runnables_runForTheirSideEffects() throws Exception {
    ExecutorService pool = pool("running");
    IsolateQueue<String> done = queue();
    pool.execute((Runnable & Serializable) () -> done.put("executed"));
    assertThat(pool.submit((Runnable & Serializable) () -> done.put("submitted"), "result").get()).isEqualTo("result");
    assertThat(pool.submit((Runnable & Serializable) () -> done.put("submitted")).get()).isNull();
    assertThat(List.of(done.get(Duration.ofSeconds(30)), done.get(Duration.ofSeconds(30)),
        done.get(Duration.ofSeconds(30)))).containsExactlyInAnyOrder("executed", "submitted", "submitted");
    close(pool);
  }

  @Test
  void aMemberThatShutsDown_closesItsIsolates_andFailsItsRunningTasksNamingItself() throws Exception {
    HazelcastInstance leaving = Hazelcast.newHazelcastInstance(GridMember.config(cluster.name, cluster.joinAddress(),
        false));
    cluster.awaitMembers(4);
    ExecutorService pool = pool("leaving");
    IsolateQueue<String> started = queue();
    IsolateQueue<String> go = queue();
    List<Future<String>> waiting = submitTimes(pool, 4, () -> GridTasks.await(started, go)); // the fourth on leaving
    for (int i = 0; i < 4; i++) {
      started.get(Duration.ofSeconds(30));
    }
    String address = leaving.getCluster().getLocalMember().getAddress().toString();
    leaving.shutdown();
    assertThatThrownBy(() -> waiting.get(3).get()).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IsolateException.class)
        .hasMessageStartingWith("member " + address + " left the cluster while it ran task 4 of pool 'leaving'");
    cluster.awaitMembers(3);
    assertThat(results(submitTimes(pool, 3, GridTasks::count))).containsExactly(1, 1, 1);
    for (int i = 0; i < 3; i++) {
      go.put("go");
    }
    assertThat(results(waiting.subList(0, 3))).containsExactly("go 2", "go 2", "go 2");
    close(pool);
  }

  @Test
  void aPoolsIsolate_isCollectedOnceThePoolTerminates() throws Exception {
    ExecutorService pool = pool("collected", SHARING);
    IsolateQueue<String> queue = queue();
    assertThat(pool.submit(task(() -> GridTasks.keepLoader(queue))).get()).isEqualTo(1); // on first, in this JVM
    assertThat(queue.get(Duration.ofSeconds(30))).contains("name=collected@");
    close(pool);
    WeakReference<?> loader = (WeakReference<?>) Kept.value;
    Kept.value = null;
    assertThat(TestAccess.collected(loader)).as("the pool's isolate's class loader was collected").isTrue();
  }

  @Test
  void badArguments_areRefusedNamingWhatIsWrong() throws Exception {
    assertThatThrownBy(() -> HazelcastIsolates.pool(cluster.first, " ", IsolateConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("pool name must not be blank, but was ' '");
    assertThatThrownBy(() -> HazelcastIsolates.pool(cluster.first, "a\nb", IsolateConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pool name must not contain control characters, but was 'a?b'");
    assertThatThrownBy(() -> HazelcastIsolates.pool(cluster.first, "x", null))
        .isInstanceOf(NullPointerException.class).hasMessage("config");
    assertThatThrownBy(() -> HazelcastIsolates.pool(null, "x", IsolateConfig.defaults()))
        .isInstanceOf(NullPointerException.class).hasMessage("hz");
    HazelcastInstance gone = Hazelcast.newHazelcastInstance(GridMember.config(cluster.name, cluster.joinAddress(), true));
    String name = gone.getName();
    gone.shutdown();
    cluster.awaitMembers(3); // the lite member's leave is settled before the next test sends anything
    assertThatThrownBy(() -> HazelcastIsolates.pool(gone, "x", IsolateConfig.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Hazelcast instance '" + name + "' is shut down: pass a running member or client");
    ExecutorService pool = pool("nulls");
    assertThatThrownBy(() -> pool.submit((Callable<?>) null)).isInstanceOf(NullPointerException.class);
    close(pool);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private ExecutorService pool(String name) {
    return pool(name, IsolateConfig.defaults());
  }

  private ExecutorService pool(String name, IsolateConfig config) {
    ExecutorService pool = HazelcastIsolates.pool(cluster.first, name, config);
    pools.add(pool);
    return pool;
  }

  /** A grid queue of its own for one test. */
  private static IsolateQueue<String> queue() {
    return HazelcastIsolates.queue(cluster.first, "test-" + UUID.randomUUID());
  }

  /** Types a lambda as a serializable task, which an ExecutorService's submit does not. */
  private static <T> IsolatedCallable<T> task(IsolatedCallable<T> task) {
    return task;
  }

  private static void close(ExecutorService pool) throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("terminated: %s", pool).isTrue();
  }

  /** How many isolates each member's JVM has open, main included, asked through Hazelcast's own executor. */
  private static List<Integer> openIsolatesOnEveryMember() throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (Future<Integer> count : cluster.first.getExecutorService("probe")
        .submitToAllMembers((Callable<Integer> & Serializable) GridTasks::openIsolates).values()) {
      counts.add(count.get());
    }
    return counts;
  }
}
