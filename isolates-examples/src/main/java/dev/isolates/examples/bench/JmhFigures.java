package dev.isolates.examples.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * Turns JMH results into {@link Figure}s keyed as in {@link Row}. For sampled benchmarks the median and p99 are
 * those of all samples; for throughput benchmarks the median is that of the measurement iterations' scores.
 */
final class JmhFigures {
  private static final String PACKAGE_PREFIX = JmhFigures.class.getPackageName() + ".";

  private JmhFigures() {}

  /** The suffix of the key of a benchmark's bytes allocated per operation, from JMH's GC profiler. */
  static final String ALLOCATION = ":alloc";

  static Map<String, Figure> from(Collection<RunResult> results) {
    Map<String, Figure> figures = new LinkedHashMap<>();
    for (RunResult result : results) {
      Result<?> primary = result.getPrimaryResult();
      Statistics statistics = primary.getStatistics();
      String key = key(result.getParams());
      figures.put(key, figure(primary.getScoreUnit(), statistics.getPercentile(50), statistics.getPercentile(99)));
      result.getSecondaryResults().forEach((name, secondary) -> {
        if (name.endsWith("gc.alloc.rate.norm")) {
          figures.put(key + ALLOCATION, Figure.allocation(secondary.getScore()));
        }
      });
    }
    return figures;
  }

  /** {@code CallBenchmarks.call}, or {@code QueueThroughputBenchmarks.isolateQueue:itemBytes=16}. */
  static String key(BenchmarkParams params) {
    String name = params.getBenchmark();
    StringBuilder key = new StringBuilder(name.startsWith(PACKAGE_PREFIX)
        ? name.substring(PACKAGE_PREFIX.length()) : name);
    String separator = ":";
    for (String param : new TreeSet<>(params.getParamsKeys())) {
      key.append(separator).append(param).append('=').append(params.getParam(param));
      separator = ",";
    }
    return key.toString();
  }

  /**
   * A figure from values in a JMH score unit: {@code us/op} and the like for times, {@code ops/s} and the like
   * for throughputs (which have no p99).
   */
  static Figure figure(String scoreUnit, double median, double p99) {
    String[] parts = scoreUnit.split("/");
    if (parts.length == 2 && parts[1].equals("op")) {
      double nanos = nanosPer(parts[0]);
      return Figure.latency(median * nanos, p99 * nanos);
    }
    if (parts.length == 2 && parts[0].equals("ops")) {
      return Figure.throughput(median * 1e9 / nanosPer(parts[1]));
    }
    throw new IllegalArgumentException("unexpected JMH score unit " + scoreUnit);
  }

  private static double nanosPer(String timeUnit) {
    switch (timeUnit) {
      case "ns":
        return 1;
      case "us":
        return 1e3;
      case "ms":
        return 1e6;
      case "s":
        return 1e9;
      case "min":
        return 60e9;
      default:
        throw new IllegalArgumentException("unexpected JMH time unit " + timeUnit);
    }
  }
}
