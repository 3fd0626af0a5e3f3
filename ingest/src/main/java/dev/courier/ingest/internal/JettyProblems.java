package dev.courier.ingest.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers (requests it refuses before Javalin sees them, e.g. a {@code %00} in the path or a bad
 * request line) in the same {@code application/problem+json} form as the API's, instead of an HTML page.
 */
public final class JettyProblems extends ErrorHandler {

    public JettyProblems() {
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(ProblemResponses.CONTENT_TYPE);
        byte[] body = json(code, message, request.getRequestURI());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, ProblemResponses.CONTENT_TYPE));
        return ByteBuffer.wrap(json(status, reason, null));
    }

    private static byte[] json(int status, String message, String instance) {
        StringBuilder sb = new StringBuilder("{\"type\":\"urn:courier:problem:http_").append(status)
                .append("\",\"title\":\"").append(escape(org.eclipse.jetty.http.HttpStatus.getMessage(status)))
                .append("\",\"status\":").append(status)
                .append(",\"detail\":\"").append(escape(message == null ? "the request was refused" : message)).append('"');
        if (instance != null) {
            sb.append(",\"instance\":\"").append(escape(instance)).append('"');
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
