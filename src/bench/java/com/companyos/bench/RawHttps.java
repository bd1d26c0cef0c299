package com.companyos.bench;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The load driver's HTTP client: one keep-alive HTTPS/1.1 connection, requests written as bytes, responses read by
 * status line, headers and {@code Content-Length} or chunked body. It exists because the load client shares the
 * machine's two cores with what it measures: {@code HttpsURLConnection} spent about a millisecond of CPU per request
 * (as much as the agent's own HTTP handling), which a benchmark of the agent should not charge to the agent's machine.
 * Not thread-safe: one per client thread.
 */
final class RawHttps implements AutoCloseable {

    /** A response: status and body. */
    record Response(int status, String body) {
    }

    private final SSLSocketFactory tls;
    private final String host;
    private final int port;
    private SSLSocket socket;
    private InputStream in;
    private OutputStream out;

    RawHttps(SSLSocketFactory tls, String host, int port) {
        this.tls = tls;
        this.host = host;
        this.port = port;
    }

    /**
     * Sends one request and reads its response. A kept-alive connection the server has meanwhile closed (its idle
     * timeout) fails before any byte of a response arrives; the request is then sent once more on a new connection, as
     * HTTP clients do for a stale connection (PUT is idempotent).
     */
    Response send(String method, String path, String authorization, byte[] body) throws IOException {
        boolean reused = socket != null;
        try {
            return attempt(method, path, authorization, body);
        } catch (StaleConnectionException e) {
            if (!reused) {
                throw e;
            }
            return attempt(method, path, authorization, body);
        }
    }

    /** Nothing came back on a kept-alive connection: the server had closed it. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Response attempt(String method, String path, String authorization, byte[] body) throws IOException {
        if (socket == null) {
            socket = (SSLSocket) tls.createSocket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }
        String status;
        try {
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: " + authorization
                    + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            status = line();
        } catch (java.net.SocketException | javax.net.ssl.SSLException e) {
            close();
            throw new StaleConnectionException("The connection was closed before a response: " + e, e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (status == null) {
            close();
            throw new StaleConnectionException("The connection was closed before a response", null);
        }
        try {
            return read(status);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Response read(String status) throws IOException {
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("Unexpected status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {
                }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                copy(size, body);
                line(); // the CRLF after each chunk
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                // trailers: none expected
            }
        } else if (length > 0) {
            copy(length, body);
        }
        if (closeAfter) {
            close();
        }
        return new Response(code, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) {
                throw new IOException("Connection closed in the middle of a response body");
            }
            to.write(buffer, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
