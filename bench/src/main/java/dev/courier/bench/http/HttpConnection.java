package dev.courier.bench.http;

import dev.courier.bench.ClosedLoop;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * One keep-alive HTTP/1.1 connection that sends pre-encoded requests and reads just the status and the body's length,
 * for closed-loop load: cheap enough that the server and the broker get the CPU, as with wrk. The JDK's HttpClient
 * measured about 1.5 ms of CPU per single POST here, more than the gateway it was loading, and capped it at 1.2k/s.
 */
public final class HttpConnection implements AutoCloseable {

    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;
    private final byte[] discard = new byte[65_536];

    public HttpConnection(int port) {
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65_536);
        } catch (IOException e) {
            throw new UncheckedIOException("connect to 127.0.0.1:" + port, e);
        }
    }

    /** A closed-loop client on a connection of its own: request {@code i} succeeds when answered {@code expectedStatus}. */
    public static ClosedLoop.Client client(int port, IntFunction<byte[]> requests, int expectedStatus) {
        HttpConnection c = new HttpConnection(port);
        return new ClosedLoop.Client() {
            @Override
            public boolean request(int i) {
                return c.exchange(requests.apply(i)) == expectedStatus;
            }

            @Override
            public void close() throws IOException {
                c.close();
            }
        };
    }

    /** Sends one request and reads its answer; returns the status. */
    public int exchange(byte[] request) {
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] post(String path, String key, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    public static byte[] get(String pathAndQuery, String key) {
        return ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private int readResponse() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed by the server");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(header.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && header.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line().trim(), 16)) > 0) {
                skip(size);
                line();
            }
            line();
        } else if (length > 0) {
            skip(length);
        }
        return code;
    }

    /**
     * Not {@code InputStream.skip}: past the buffered bytes it falls through to the socket stream's default skip, which
     * reads 2 KB at a time (a dozen system calls for one history page); a read this large goes to the socket in one.
     */
    private void skip(long n) throws IOException {
        while (n > 0) {
            int k = in.read(discard, 0, (int) Math.min(n, discard.length));
            if (k < 0) {
                throw new IOException("truncated body");
            }
            n -= k;
        }
    }

    private String line() throws IOException {
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
