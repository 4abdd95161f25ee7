package dev.isolates;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What an isolate's tasks may use, set with {@link IsolateConfig.Builder#limits(IsolateLimits)}: the closest
 * Java has to GraalVM's sandbox limits and Node's {@code resourceLimits}. Immutable; built with
 * {@link #builder()}, every limit optional:
 *
 * <pre>{@code
 * IsolateLimits limits = IsolateLimits.builder()
 *     .callTimeout(Duration.ofSeconds(2))    // one task: wall-clock time
 *     .callAllocatedBytes(64 << 20)          // one task: bytes allocated
 *     .cpuTime(Duration.ofMinutes(5))        // all tasks of the isolate together, for its lifetime
 *     .threads(4)                            // threads executing inside at once
 *     .build();
 * }</pre>
 *
 * <p>A task that runs past {@code callTimeout} or allocates past {@code callAllocatedBytes} is stopped alone, as
 * by {@link Isolate#cancel}, and its caller gets an {@link ExecutionCancelledException} with reason
 * {@link CancelReason#CALL_TIMEOUT} or {@link CancelReason#CALL_ALLOCATION}. Once the isolate's tasks together
 * pass {@code cpuTime}, every task inside is stopped (reason {@link CancelReason#CPU_TIME}) and every later call
 * is refused the same way until the isolate is closed. A call that would make more than {@code threads} threads
 * execute inside is refused with an {@link IsolateException} naming the limit.
 *
 * <p>Time and allocation are watched by sampling every few milliseconds, so a task may overrun a limit by
 * that much before it stops; CPU time and allocated bytes are those of the threads while they execute inside.
 */
public final class IsolateLimits {
  private static final IsolateLimits NONE = builder().build();

  private final Duration callTimeout;
  private final long callAllocatedBytes;
  private final Duration cpuTime;
  private final int threads;

  private IsolateLimits(Builder builder) {
    this.callTimeout = builder.callTimeout;
    this.callAllocatedBytes = builder.callAllocatedBytes;
    this.cpuTime = builder.cpuTime;
    this.threads = builder.threads;
  }

  /**
   * Returns the limits that limit nothing, the default of every isolate.
   *
   * @return limits with no limit set
   */
  public static IsolateLimits none() {
    return NONE;
  }

  /**
   * Returns a new builder with no limit set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the wall-clock time one task ({@code call} or {@code callInThread}) may run.
   *
   * @return the limit, or empty for none
   */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  /**
   * Returns the bytes one task may allocate.
   *
   * @return the limit, or empty for none
   */
  public OptionalLong callAllocatedBytes() {
    return callAllocatedBytes == 0 ? OptionalLong.empty() : OptionalLong.of(callAllocatedBytes);
  }

  /**
   * Returns the CPU time all tasks inside the isolate may use in its lifetime.
   *
   * @return the limit, or empty for none
   */
  public Optional<Duration> cpuTime() {
    return Optional.ofNullable(cpuTime);
  }

  /**
   * Returns the number of threads that may execute inside the isolate at once.
   *
   * @return the limit, or empty for none
   */
  public OptionalInt threads() {
    return threads == 0 ? OptionalInt.empty() : OptionalInt.of(threads);
  }

  /**
   * Tells whether a limit needs the CPU time or allocated bytes of tasks measured.
   *
   * @return true if a CPU time or allocation limit is set
   */
  public boolean needsAccounting() {
    return cpuTime != null || callAllocatedBytes != 0;
  }

  /**
   * Tells whether any limit is set.
   *
   * @return false for {@link #none()}
   */
  public boolean limitsAnything() {
    return callTimeout != null || callAllocatedBytes != 0 || cpuTime != null || threads != 0;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof IsolateLimits)) {
      return false;
    }
    IsolateLimits that = (IsolateLimits) other;
    return Objects.equals(callTimeout, that.callTimeout) && callAllocatedBytes == that.callAllocatedBytes
        && Objects.equals(cpuTime, that.cpuTime) && threads == that.threads;
  }

  @Override
  public int hashCode() {
    return Objects.hash(callTimeout, callAllocatedBytes, cpuTime, threads);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("IsolateLimits{");
    if (callTimeout != null) {
      text.append("callTimeout=").append(callTimeout).append(", ");
    }
    if (callAllocatedBytes != 0) {
      text.append("callAllocatedBytes=").append(callAllocatedBytes).append(", ");
    }
    if (cpuTime != null) {
      text.append("cpuTime=").append(cpuTime).append(", ");
    }
    if (threads != 0) {
      text.append("threads=").append(threads).append(", ");
    }
    if (text.charAt(text.length() - 1) == ' ') {
      text.setLength(text.length() - 2);
    } else {
      text.append("none");
    }
    return text.append('}').toString();
  }

  /**
   * Builds {@link IsolateLimits}. Each limit is checked when it is set and may be set once. Not thread-safe.
   */
  public static final class Builder {
    private Duration callTimeout;
    private long callAllocatedBytes;
    private Duration cpuTime;
    private int threads;

    private Builder() {}

    /**
     * Limits the wall-clock time of each task.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if it is zero or negative
     * @throws IllegalStateException if it was already set
     */
    public Builder callTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      requireUnset(callTimeout == null, "callTimeout", callTimeout);
      requirePositive(!timeout.isNegative() && !timeout.isZero(), "callTimeout", timeout);
      this.callTimeout = timeout;
      return this;
    }

    /**
     * Limits the bytes each task may allocate.
     *
     * @param bytes a positive number of bytes
     * @return this builder
     * @throws IllegalArgumentException if it is zero or negative
     * @throws IllegalStateException if it was already set
     */
    public Builder callAllocatedBytes(long bytes) {
      requireUnset(callAllocatedBytes == 0, "callAllocatedBytes", callAllocatedBytes);
      requirePositive(bytes > 0, "callAllocatedBytes", bytes);
      this.callAllocatedBytes = bytes;
      return this;
    }

    /**
     * Limits the CPU time all tasks of the isolate may use in its lifetime.
     *
     * @param time a positive duration
     * @return this builder
     * @throws NullPointerException if {@code time} is null
     * @throws IllegalArgumentException if it is zero or negative
     * @throws IllegalStateException if it was already set
     */
    public Builder cpuTime(Duration time) {
      Objects.requireNonNull(time, "time");
      requireUnset(cpuTime == null, "cpuTime", cpuTime);
      requirePositive(!time.isNegative() && !time.isZero(), "cpuTime", time);
      this.cpuTime = time;
      return this;
    }

    /**
     * Limits the threads executing inside the isolate at once.
     *
     * @param count a positive number of threads
     * @return this builder
     * @throws IllegalArgumentException if it is zero or negative
     * @throws IllegalStateException if it was already set
     */
    public Builder threads(int count) {
      requireUnset(threads == 0, "threads", threads);
      requirePositive(count > 0, "threads", count);
      this.threads = count;
      return this;
    }

    /**
     * Builds the limits.
     *
     * @return new immutable limits
     */
    public IsolateLimits build() {
      return new IsolateLimits(this);
    }

    private static void requirePositive(boolean positive, String limit, Object value) {
      if (!positive) {
        throw new IllegalArgumentException(limit + " must be positive, but was " + value);
      }
    }

    private static void requireUnset(boolean unset, String limit, Object value) {
      if (!unset) {
        throw new IllegalStateException(limit + " was already set to " + value);
      }
    }
  }
}
