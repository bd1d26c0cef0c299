package com.companyos.agent.api;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.data.DataGate;
import com.companyos.agent.data.GovernedRecords;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.data.RecordWrite;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /data/v1/tenants/{slug}/records/{key}} on the data port, served here rather than by Spring MVC: the
 * governed write is the agent's hottest path, and MVC's handler lookup, argument resolution and message-converter
 * negotiation cost more CPU per request than the write's own decision, signature and commit. Same gate, same
 * service, same JSON and the same error answers ({@link AgentErrors#answer}) as the MVC route in
 * {@link TenantDataController}, which still serves every other data call.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RecordWriteEndpoint extends OncePerRequestFilter {

    private static final String PREFIX = AgentPaths.DATA_PREFIX + "/tenants/";
    private static final String RECORDS = "/records/";

    private final AgentSettings settings;
    private final DataGate gate;
    private final GovernedRecords records;
    private final AgentErrors errors;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    RecordWriteEndpoint(AgentSettings settings, DataGate gate, GovernedRecords records, AgentErrors errors, ObjectMapper json) {
        this.settings = settings;
        this.gate = gate;
        this.records = records;
        this.errors = errors;
        this.reader = json.readerFor(RecordWrite.class);
        this.writer = json.writer();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"PUT".equals(request.getMethod()) || request.getLocalPort() != settings.dataPort();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String[] target = target(request.getRequestURI());
        if (target == null) {
            chain.doFilter(request, response);
            return;
        }
        ResponseEntity<?> answer;
        try {
            RecordWrite body = body(request);
            answer = ResponseEntity.ok(records.put(gate.admit(target[0], request.getHeader(HttpHeaders.AUTHORIZATION),
                    "PUT record " + target[1]), target[1], body));
        } catch (RuntimeException e) {
            answer = errors.answer(e);
            if (answer == null) {
                throw e; // the container's error handling, as for any unexpected failure
            }
        }
        write(request, response, answer);
    }

    /** {slug, key} of a record path, or null for any other path. */
    static String[] target(String uri) {
        if (!uri.startsWith(PREFIX)) {
            return null;
        }
        int records = uri.indexOf(RECORDS, PREFIX.length());
        if (records <= PREFIX.length()) {
            return null;
        }
        String slug = uri.substring(PREFIX.length(), records);
        String key = uri.substring(records + RECORDS.length());
        if (slug.indexOf('/') >= 0 || key.isEmpty() || key.indexOf('/') >= 0) {
            return null;
        }
        return new String[]{UriUtils.decode(slug, StandardCharsets.UTF_8), UriUtils.decode(key, StandardCharsets.UTF_8)};
    }

    private RecordWrite body(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type != null && !MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON)) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "A record is sent as application/json, not " + type);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return null;
            }
            return reader.readValue(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The request body is not valid JSON for this endpoint (dates as YYYY-MM-DD)");
        }
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ResponseEntity<?> answer) throws IOException {
        Object body = answer.getBody();
        boolean problem = body instanceof ProblemDetail || !answer.getStatusCode().is2xxSuccessful();
        if (body instanceof ProblemDetail p && p.getInstance() == null) {
            p.setInstance(URI.create(request.getRequestURI()));
        }
        response.setStatus(answer.getStatusCode().value());
        for (Map.Entry<String, List<String>> h : answer.getHeaders().entrySet()) {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(h.getKey())) {
                h.getValue().forEach(v -> response.addHeader(h.getKey(), v));
            }
        }
        response.setContentType(problem ? MediaType.APPLICATION_PROBLEM_JSON_VALUE : MediaType.APPLICATION_JSON_VALUE);
        byte[] bytes = writer.writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
