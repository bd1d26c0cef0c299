package com.companyos.agent.api;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.data.DataGate;
import com.companyos.agent.data.DoorRefusals;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.AgentPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The door of the data port, before anything reads a request body: only the tenant data API is served here (anything
 * else is 404); a body larger than {@code companyos.agent.max-body-bytes} is refused with 413 (by its declared length
 * before a byte is read, or as soon as a chunked body passes the limit); and the {@link DataGate} admits the call
 * (token of this tenant, tenant resident here) before the body is read. The admitted tenant is handed to the
 * endpoints as the request attribute {@link #TENANT}, so no endpoint admits twice or reads a body first. An address
 * refused too often this minute ({@link DoorRefusals}) is answered 429 before anything else.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class DataPortDoor extends OncePerRequestFilter {

    /** The request attribute holding the admitted {@link TenantRef}. */
    static final String TENANT = "com.companyos.agent.api.DataPortDoor.tenant";
    /** The request attribute holding the parsed {@link Target} (null for a path no endpoint serves). */
    static final String TARGET = "com.companyos.agent.api.DataPortDoor.target";
    private static final String TARGET_PARSED = TARGET + ".parsed";

    /**
     * The request's {@link Target}, parsed once per request (by whichever filter asks first: the request meter, then
     * the door) and kept on it; null for a path no endpoint serves.
     */
    static Target target(HttpServletRequest request) {
        if (request.getAttribute(TARGET_PARSED) != null) {
            return (Target) request.getAttribute(TARGET);
        }
        String uri = request.getRequestURI();
        Target target = uri.startsWith(PREFIX) ? Target.of(request.getMethod(), uri.substring(PREFIX.length())) : null;
        request.setAttribute(TARGET, target);
        request.setAttribute(TARGET_PARSED, Boolean.TRUE);
        return target;
    }
    static final String PREFIX = AgentPaths.DATA_PREFIX + "/tenants/";

    private final AgentSettings settings;
    private final DataGate gate;
    private final AgentErrors errors;
    private final AnswerWriter answers;
    private final DoorRefusals refusals;
    private final ForwardedClients clients;

    DataPortDoor(AgentSettings settings, DataGate gate, AgentErrors errors, AnswerWriter answers, DoorRefusals refusals,
                 ForwardedClients clients) {
        this.clients = clients;
        this.settings = settings;
        this.refusals = refusals;
        this.gate = gate;
        this.errors = errors;
        this.answers = answers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getLocalPort() != settings.dataPort();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = clients.address(request);
        if (!refusals.admits(client)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refusals.retryAfterSeconds()));
            refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, "Too many refused requests from this address; "
                    + "retry after " + refusals.retryAfterSeconds() + " s with a valid tenant API token");
            return;
        }
        String uri = request.getRequestURI();
        if (!uri.startsWith(PREFIX)) {
            refuse(request, response, HttpStatus.NOT_FOUND, "Only the tenant data API (" + PREFIX + "<tenant>/...) is served on this port");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > settings.maxBodyBytes()) {
            refuse(request, response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge());
            return;
        }
        Target target = target(request);
        if (target != null) {
            try {
                request.setAttribute(TENANT, gate.admit(target.slug(), request.getHeader(HttpHeaders.AUTHORIZATION), target.operation()));
            } catch (RuntimeException e) {
                if (e instanceof DataGate.Refused refused) {
                    refusals.refused(client, refused.refusal());
                }
                ResponseEntity<?> answer = errors.answer(e);
                if (answer == null) {
                    throw e;
                }
                answers.write(request, response, answer);
                return;
            }
        }
        chain.doFilter(new CappedBody(request, settings.maxBodyBytes(), tooLarge()), response);
    }

    private String tooLarge() {
        return "The request body is larger than this region accepts (" + settings.maxBodyBytes() + " bytes); store large "
                + "content in smaller records";
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        if (status == HttpStatus.PAYLOAD_TOO_LARGE) {
            response.setHeader(HttpHeaders.CONNECTION, "close"); // the unread body is not worth swallowing
        }
        answers.write(request, response, ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail)));
    }

    /**
     * The tenant and the operation a data path (after {@code /data/v1/tenants/}) names, in the words the decision
     * records, and the record's key for a record path; null for a path no endpoint serves. The one parser of data paths.
     */
    record Target(String slug, String operation, String recordKey) {

        static Target of(String method, String path) {
            String[] p = path.split("/", -1);
            if (p.length < 2 || p[0].isEmpty()) {
                return null;
            }
            String slug = UriUtils.decode(p[0], StandardCharsets.UTF_8);
            String item = p.length == 3 && !p[2].isEmpty() ? UriUtils.decode(p[2], StandardCharsets.UTF_8) : null;
            String operation = switch (p.length == 2 ? p[1] : p[1] + "/") {
                case "records" -> "QUERY records";
                case "exports" -> "EXPORT";
                case "egress" -> "EGRESS";
                case "analytics" -> "ANALYTICS";
                case "records/" -> item == null ? null : method + " record " + item;
                case "receipts/" -> item == null ? null : "GET receipt " + item;
                default -> null;
            };
            return operation == null ? null : new Target(slug, operation, "records".equals(p[1]) ? item : null);
        }
    }

    /** A request whose body stream refuses to deliver more than the limit (a chunked body declares no length). */
    static final class CappedBody extends HttpServletRequestWrapper {

        private final long limit;
        private final String message;
        private ServletInputStream stream;

        CappedBody(HttpServletRequest request, long limit, String message) {
            super(request);
            this.limit = limit;
            this.message = message;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, (int) Math.min(len, limit + 1 - read));
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) {
                        read += n;
                        if (read > limit) {
                            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, message);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() {
            throw new IllegalStateException("The data API reads request bodies as bytes");
        }
    }
}
