package dev.courier.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that each send their next request when the previous one is answered, for a fixed time: the rate a component
 * sustains with that many callers waiting on it.
 *
 * @param succeeded requests answered as expected
 * @param failed    requests that were not (or threw)
 * @param nanos     every request's time, in nanoseconds
 */
public record ClosedLoop(long succeeded, long failed, long[] nanos) {

    /** One caller's means of sending (a connection, say), closed when its loop ends. */
    @FunctionalInterface
    public interface Client extends AutoCloseable {

        /** Sends request number {@code i}; answers whether it succeeded. */
        boolean request(int i) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Runs {@code clients} callers for {@code seconds}, each with a client of its own from {@code open}. */
    public static ClosedLoop run(int clients, int seconds, Callable<Client> open) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "courier-bench-client");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicLong next = new AtomicLong();
            List<Callable<ClosedLoop>> tasks = new ArrayList<>();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            for (int c = 0; c < clients; c++) {
                tasks.add(() -> {
                    try (Client client = open.call()) {
                        return loop(client, end, next);
                    }
                });
            }
            long ok = 0;
            long failed = 0;
            long[] all = new long[0];
            for (Future<ClosedLoop> f : callers.invokeAll(tasks)) {
                ClosedLoop r = f.get();
                ok += r.succeeded;
                failed += r.failed;
                int at = all.length;
                all = Arrays.copyOf(all, at + r.nanos.length);
                System.arraycopy(r.nanos, 0, all, at, r.nanos.length);
            }
            return new ClosedLoop(ok, failed, all);
        } finally {
            callers.shutdownNow();
        }
    }

    private static ClosedLoop loop(Client client, long end, AtomicLong next) {
        long ok = 0;
        long failed = 0;
        long[] times = new long[1024];
        int n = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            boolean success;
            try {
                success = client.request((int) next.getAndIncrement());
            } catch (Exception e) {
                success = false;
            }
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
            }
            times[n++] = System.nanoTime() - t0;
            if (success) {
                ok++;
            } else {
                failed++;
            }
        }
        return new ClosedLoop(ok, failed, Arrays.copyOf(times, n));
    }
}
