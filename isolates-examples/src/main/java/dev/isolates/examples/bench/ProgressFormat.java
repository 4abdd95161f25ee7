package dev.isolates.examples.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's output, sent to a log file so that standard output holds the table alone, plus one progress line per
 * benchmark on standard error, so that a run of minutes shows it is alive.
 */
final class ProgressFormat implements OutputFormat {
  private final OutputFormat log;
  private final PrintStream progress;
  private final long started = System.nanoTime();
  private int benchmarks;

  ProgressFormat(OutputFormat log, PrintStream progress) {
    this.log = log;
    this.progress = progress;
  }

  @Override
  public void startBenchmark(BenchmarkParams params) {
    benchmarks++;
    progress.printf("  [%2d] %-62s at %4.0f s%n", benchmarks, JmhFigures.key(params),
        (System.nanoTime() - started) / 1e9);
    log.startBenchmark(params);
  }

  @Override
  public void iteration(BenchmarkParams benchmark, IterationParams params, int iteration) {
    log.iteration(benchmark, params, iteration);
  }

  @Override
  public void iterationResult(BenchmarkParams benchmark, IterationParams params, int iteration,
      IterationResult result) {
    log.iterationResult(benchmark, params, iteration, result);
  }

  @Override
  public void endBenchmark(BenchmarkResult result) {
    log.endBenchmark(result);
  }

  @Override
  public void startRun() {
    log.startRun();
  }

  @Override
  public void endRun(Collection<RunResult> result) {
    log.endRun(result);
  }

  @Override
  public void print(String s) {
    log.print(s);
  }

  @Override
  public void println(String s) {
    log.println(s);
  }

  @Override
  public void flush() {
    log.flush();
  }

  @Override
  public void close() {
    log.close();
  }

  @Override
  public void verbosePrintln(String s) {
    log.verbosePrintln(s);
  }

  @Override
  public void write(int b) {
    log.write(b);
  }

  @Override
  public void write(byte[] b) throws IOException {
    log.write(b);
  }
}
