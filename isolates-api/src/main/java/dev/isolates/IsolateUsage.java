package dev.isolates;

import java.time.Duration;
import java.util.Objects;

/**
 * What an isolate has used so far, as {@link Isolate#usage()} reports it: a snapshot, whose parts are read one
 * after the other while the isolate runs.
 *
 * @param calls the {@code call}s and {@code callInThread} tasks that ended, normally or not
 * @param failedCalls those of them that threw, cancelled ones included
 * @param threadsInside the threads executing inside the isolate now
 * @param loadedClasses the classes the isolate's own class loader defined
 * @param accounted whether CPU time and allocated bytes are measured: when the isolate's configuration enables
 *     {@link IsolateConfig.Builder#accounting(boolean) accounting} or sets a CPU or allocation limit
 * @param cpuTime the CPU time its tasks used; {@link Duration#ZERO} when not accounted
 * @param allocatedBytes the bytes its tasks allocated; 0 when not accounted
 */
public record IsolateUsage(long calls, long failedCalls, int threadsInside, int loadedClasses, boolean accounted,
    Duration cpuTime, long allocatedBytes) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code cpuTime} is null
   */
  public IsolateUsage {
    Objects.requireNonNull(cpuTime, "cpuTime");
  }
}
