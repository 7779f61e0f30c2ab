package nl.meldpunt.benchmark;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of one measurement, kept in an HdrHistogram (microseconds, three significant digits),
 * never averaged. Safe to record into from many threads.
 */
final class Latencies {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);

    void recordNanos(long nanos) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000)));
    }

    void recordMicros(long micros) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
    }

    /** Everything recorded so far, as a summary in milliseconds. */
    Summary summary() {
        Histogram h = recorder.getIntervalHistogram();
        return Summary.of(h);
    }

    /** Count and percentiles in milliseconds; all zero when nothing was recorded. */
    record Summary(long count, double p50, double p99, double p999, double max) {
        static Summary of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Summary(0, 0, 0, 0, 0);
            }
            return new Summary(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        }

        private static double ms(long micros) {
            return Math.round(micros / 100.0) / 10.0;
        }
    }
}
