package dev.isolates;

/**
 * Why a task was stopped, as {@link ExecutionCancelledException#reason()} reports it.
 *
 * @see Isolate#cancel(java.time.Duration)
 * @see IsolateLimits
 */
public enum CancelReason {
  /** {@link Isolate#cancel} or {@link Isolate#terminate} stopped it. */
  CANCEL,
  /** It ran longer than {@link IsolateLimits#callTimeout()}. */
  CALL_TIMEOUT,
  /** It allocated more than {@link IsolateLimits#callAllocatedBytes()}. */
  CALL_ALLOCATION,
  /** The isolate's tasks together used more than {@link IsolateLimits#cpuTime()}; the isolate is exhausted. */
  CPU_TIME
}
