package com.companyos.agent.api;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.data.GovernedRecords;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.data.RecordWrite;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code PUT /data/v1/tenants/{slug}/records/{key}} on the data port, served here rather than by Spring MVC: the
 * governed write is the agent's hottest path, and MVC's handler lookup, argument resolution and message-converter
 * negotiation cost more CPU per request than the write's own decision, signature and commit. Admitted by the same door
 * ({@link DataPortDoor}), same service, same JSON and the same error answers ({@link AgentErrors#answer}) as the MVC
 * route in {@link TenantDataController}, which still serves every other data call.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RecordWriteEndpoint extends OncePerRequestFilter {

    private final AgentSettings settings;
    private final GovernedRecords records;
    private final AgentErrors errors;
    private final ObjectReader reader;
    private final AnswerWriter answers;

    RecordWriteEndpoint(AgentSettings settings, GovernedRecords records, AgentErrors errors, AnswerWriter answers, ObjectMapper json) {
        this.settings = settings;
        this.records = records;
        this.errors = errors;
        this.reader = json.readerFor(RecordWrite.class);
        this.answers = answers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"PUT".equals(request.getMethod()) || request.getLocalPort() != settings.dataPort();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        DataPortDoor.Target target = (DataPortDoor.Target) request.getAttribute(DataPortDoor.TARGET);
        if (target == null || target.recordKey() == null) {
            chain.doFilter(request, response);
            return;
        }
        ResponseEntity<?> answer;
        try {
            TenantRef tenant = (TenantRef) request.getAttribute(DataPortDoor.TENANT);
            if (tenant == null) {
                throw new IllegalStateException("The data port's door did not admit this write");
            }
            answer = ResponseEntity.ok(records.put(tenant, target.recordKey(), body(request)));
        } catch (RuntimeException e) {
            answer = errors.answer(e);
            if (answer == null) {
                throw e; // the container's error handling, as for any unexpected failure
            }
        }
        answers.write(request, response, answer);
    }

    /** {slug, key} of a record path, or null for any other path (as the door parsed it). */
    static String[] target(String uri) {
        if (!uri.startsWith(DataPortDoor.PREFIX)) {
            return null;
        }
        DataPortDoor.Target t = DataPortDoor.Target.of("PUT", uri.substring(DataPortDoor.PREFIX.length()));
        return t == null || t.recordKey() == null ? null : new String[]{t.slug(), t.recordKey()};
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
        } catch (java.net.SocketTimeoutException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.REQUEST_TIMEOUT,
                    "The request body did not arrive in time; nothing was stored");
        } catch (IOException e) {
            throw new IllegalArgumentException("The request body could not be read (the connection ended early); nothing was stored");
        }
    }
}
