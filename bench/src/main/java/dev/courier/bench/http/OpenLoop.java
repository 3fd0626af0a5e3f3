package dev.courier.bench.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Requests on a fixed schedule, request {@code i} due at {@code i / rate} seconds, whatever earlier answers do: a slow
 * answer holds back only its own connection, so with enough connections the offered rate stays the rate asked for
 * (a closed loop would slow down with the server and hide the stall).
 */
public final class OpenLoop {

    private OpenLoop() {
    }

    /**
     * Sends {@code rate * seconds} requests over {@code connections} keep-alive connections; answers how many were
     * answered with {@code expectedStatus}.
     */
    public static long run(int port, int connections, int rate, int seconds, IntFunction<byte[]> requests,
                           int expectedStatus) throws InterruptedException {
        long total = (long) rate * seconds;
        long start = System.nanoTime() + 20_000_000L;
        AtomicLong tickets = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                try (HttpConnection connection = new HttpConnection(port)) {
                    for (long i; (i = tickets.getAndIncrement()) < total; ) {
                        long wait;
                        while ((wait = start + i * 1_000_000_000L / rate - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        if (connection.exchange(requests.apply((int) i)) == expectedStatus) {
                            answered.incrementAndGet();
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "courier-bench-load");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return answered.get();
    }
}
