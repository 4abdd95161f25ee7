package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.Isolate;
import dev.isolates.Isolates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many threads in one isolate, and many isolates created and closed at once. */
class ConcurrencyTest {

  @Test
  void eightThreads_thousandCallsEach_intoOneIsolate() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (Isolate isolate = Isolates.create()) {
      List<Future<Long>> sums = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int base = t * 1_000;
        sums.add(threads.submit(() -> {
          long sum = 0;
          for (int i = 0; i < 1_000; i++) {
            sum += isolate.call(Demo::sum, base, i);
          }
          return sum;
        }));
      }
      for (int t = 0; t < 8; t++) {
        assertThat(sums.get(t).get()).isEqualTo(t * 1_000L * 1_000 + 999L * 1_000 / 2);
      }
      assertThat(isolate.isRunning()).isFalse();
    } finally {
      threads.shutdown();
      assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void eightThreads_createAndCloseTwoHundredIsolates() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        work.add(threads.submit(() -> {
          for (int i = 0; i < 25; i++) {
            try (Isolate isolate = Isolates.create()) {
              assertThat(isolate.call(Demo::currentId)).isEqualTo(isolate.id());
              assertThat(Isolates.listAll()).contains(isolate);
              ids.add(isolate.id());
            }
          }
          return null;
        }));
      }
      for (Future<?> future : work) {
        future.get();
      }
    } finally {
      threads.shutdown();
      assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ids).hasSize(200);
    assertThat(new HashSet<>(Isolates.listAll())).containsExactly(Isolates.main());
  }
}
