package dev.courier.ingest.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A minimal HTTP/1.1 load generator: one blocking thread per keep-alive connection, pre-encoded requests, a
 * response parser that reads just the status, Content-Length or chunked body. Cheap enough that the server and
 * the broker get most of the CPU, like wrk. Closed loop (each connection sends as soon as its last answer came) or
 * open loop (a fixed schedule; latency measured from the scheduled time, so a stall is not hidden).
 */
final class HttpLoad {

    /** What one run saw. Latencies in microseconds; {@code non202}: answers other than the expected status. */
    record Result(long requests, long non202, double seconds, long[] latenciesMicros) {
        double perSecond() {
            return requests / seconds;
        }

        long percentile(double p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            return latenciesMicros[(int) Math.min(latenciesMicros.length - 1, Math.floor(p * latenciesMicros.length))];
        }
    }

    private HttpLoad() {
    }

    /** As many requests as {@code connections} keep-alive connections can do in {@code seconds}. */
    static Result closedLoop(int port, int connections, double seconds, IntFunction<byte[]> requests) throws Exception {
        return run(port, connections, seconds, requests, 0, 202);
    }

    /** A closed loop whose requests should answer {@code expectedStatus} (e.g. 200 for reads). */
    static Result closedLoop(int port, int connections, double seconds, IntFunction<byte[]> requests, int expectedStatus)
            throws Exception {
        return run(port, connections, seconds, requests, 0, expectedStatus);
    }

    /** {@code ratePerSecond} requests on a fixed schedule over {@code connections} connections. */
    static Result openLoop(int port, int connections, double seconds, double ratePerSecond, IntFunction<byte[]> requests)
            throws Exception {
        return run(port, connections, seconds, requests, ratePerSecond, 202);
    }

    /** An open loop whose requests should answer {@code expectedStatus} (e.g. 200 for reads). */
    static Result openLoop(int port, int connections, double seconds, double ratePerSecond, IntFunction<byte[]> requests,
                           int expectedStatus) throws Exception {
        return run(port, connections, seconds, requests, ratePerSecond, expectedStatus);
    }

    private static Result run(int port, int connections, double seconds, IntFunction<byte[]> requests, double rate,
                              int expectedStatus) throws Exception {
        long start = System.nanoTime() + 50_000_000L;
        long end = start + (long) (seconds * 1e9);
        long interval = rate > 0 ? (long) (1e9 / rate) : 0;
        AtomicLong tickets = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long[] counts = new long[connections];
        for (int c = 0; c < connections; c++) {
            int id = c;
            long[] lat = new long[rate > 0 ? (int) (rate * seconds / connections * 4 + 1000) : 4_000_000 / connections];
            perThread.add(lat);
            Thread t = new Thread(() -> {
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 65_536);
                    byte[] sink = new byte[65_536];
                    int n = 0;
                    while (true) {
                        long ticket = tickets.getAndIncrement();
                        long scheduled;
                        if (interval > 0) {
                            scheduled = start + ticket * interval;
                            if (scheduled >= end) {
                                break;
                            }
                            long wait;
                            while ((wait = scheduled - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        } else {
                            scheduled = System.nanoTime();
                            if (scheduled >= end) {
                                break;
                            }
                        }
                        out.write(requests.apply((int) ticket));
                        out.flush();
                        int status = readResponse(in, sink);
                        long done = System.nanoTime();
                        if (status != expectedStatus) {
                            bad.incrementAndGet();
                        }
                        if (scheduled >= start && n < lat.length) {
                            lat[n++] = (done - scheduled) / 1000;
                        }
                    }
                    counts[id] = n;
                } catch (IOException e) {
                    throw new IllegalStateException("connection " + id + " failed", e);
                }
            }, "load-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(perThread.get(c), 0, all, at, (int) counts[c]);
            at += (int) counts[c];
        }
        Arrays.sort(all);
        double elapsed = (Math.max(System.nanoTime(), end) - start) / 1e9;
        return new Result(total, bad.get(), Math.min(elapsed, seconds + 1), all);
    }

    static byte[] post(String path, String key, byte[] body) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    static byte[] get(String pathAndQuery, String key) {
        return ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one response; returns its status. */
    private static int readResponse(InputStream in, byte[] sink) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed by the server");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String header;
        while (!(header = line(in)).isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(header.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && header.toLowerCase().contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line(in).trim(), 16)) > 0) {
                skip(in, size, sink);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length, sink);
        }
        return code;
    }

    /**
     * Reads and drops {@code n} bytes. Not {@code InputStream.skip}: past the buffered bytes it falls through to the
     * socket stream's default skip, which reads 2 KB at a time (a dozen system calls for one history page, CPU
     * the load generator takes from the server it measures); a read this large goes to the socket in one call.
     */
    private static void skip(InputStream in, long n, byte[] sink) throws IOException {
        while (n > 0) {
            int k = in.read(sink, 0, (int) Math.min(n, sink.length));
            if (k < 0) {
                throw new IOException("truncated body");
            }
            n -= k;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
