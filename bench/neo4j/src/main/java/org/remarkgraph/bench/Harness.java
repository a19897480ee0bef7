package org.remarkgraph.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The timing method of the C++ harness (bench/harness.h), so that Neo4j is timed
 * like every other engine: two warm-up runs, then runs until {@code seconds} have
 * passed (at least 5, at most 2,000), p50/p99/mean/min in microseconds.
 */
final class Harness {
  private static final int WARMUP = 2;
  private static final int MIN_ITERATIONS = 5;
  private static final int MAX_ITERATIONS = 2000;

  private Harness() {}

  /** One query's timing, with the rows its last run returned (to cross-check). */
  record Timing(String query, int iterations, double p50Us, double p99Us, double meanUs,
                double minUs, long rows) {
    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("query", query);
      json.put("iterations", iterations);
      json.put("p50_us", p50Us);
      json.put("p99_us", p99Us);
      json.put("mean_us", meanUs);
      json.put("min_us", minUs);
      json.put("rows", rows);
      return json;
    }
  }

  /** Runs {@code run} untimed for {@code seconds}: JIT warm-up of the JVM. */
  static void warmUp(double seconds, LongSupplier run) {
    final long start = System.nanoTime();
    do {
      run.getAsLong();
    } while ((System.nanoTime() - start) / 1e9 < seconds);
  }

  /** Times {@code run}, which executes the query once and returns its rows. */
  static Timing measure(String query, double seconds, LongSupplier run) {
    long rows = 0;
    for (int i = 0; i < WARMUP; ++i) rows = run.getAsLong();
    double[] samples = new double[MAX_ITERATIONS];
    int n = 0;
    final long start = System.nanoTime();
    while (n < MAX_ITERATIONS) {
      final long t0 = System.nanoTime();
      rows = run.getAsLong();
      final long t1 = System.nanoTime();
      samples[n++] = (t1 - t0) / 1e3;
      if (n >= MIN_ITERATIONS && (t1 - start) / 1e3 > seconds * 1e6) break;
    }
    samples = Arrays.copyOf(samples, n);
    Arrays.sort(samples);
    final double[] sorted = samples;
    java.util.function.DoubleUnaryOperator at =
        q -> sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    double sum = 0;
    for (double s : samples) sum += s;
    Timing timing = new Timing(query, n, at.applyAsDouble(0.5), at.applyAsDouble(0.99),
                               sum / n, samples[0], rows);
    System.err.printf("%s: p50 %.1f us, p99 %.1f us, rows %d%n", query, timing.p50Us(),
                      timing.p99Us(), rows);
    return timing;
  }
}
