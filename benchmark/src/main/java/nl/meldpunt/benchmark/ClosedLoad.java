package nl.meldpunt.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed model: {@code clients} threads, each doing one operation after the other for a while.
 * Throughput and latency of what the system under test does at that concurrency.
 */
final class ClosedLoad {

    /** One client's operation; returns false when the system answered with a failure (counted, not thrown). */
    interface Operation {
        boolean run(int client) throws Exception;
    }

    /** What a run gave: operations per second, their latencies, and how many failed. */
    record Result(int clients, double perSecond, Latencies.Summary latency, long failures) {
    }

    private ClosedLoad() {
    }

    /** Runs the operation for the warm-up (not measured), then for the duration (measured). */
    static Result run(int clients, Duration warmUp, Duration duration, Operation operation) throws InterruptedException {
        if (!warmUp.isZero()) {
            drive(clients, warmUp, operation, null);
        }
        Latencies latencies = new Latencies();
        long[] counts = drive(clients, duration, operation, latencies);
        double seconds = counts[2] / 1e9;
        return new Result(clients, counts[0] / seconds, latencies.summary(), counts[1]);
    }

    /** Returns {successes, failures, elapsed nanos}. */
    private static long[] drive(int clients, Duration duration, Operation operation, Latencies latencies)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> broken = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end && broken.get() == null) {
                        long t0 = System.nanoTime();
                        boolean success = operation.run(client);
                        if (latencies != null && success) {
                            latencies.recordNanos(System.nanoTime() - t0);
                        }
                        (success ? ok : failed).incrementAndGet();
                    }
                } catch (Exception e) {
                    broken.compareAndSet(null, e);
                }
            }, "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        if (broken.get() != null) {
            throw new IllegalStateException("the load broke: " + broken.get().getMessage(), broken.get());
        }
        return new long[] {ok.get(), failed.get(), elapsed};
    }
}
