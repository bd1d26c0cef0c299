package com.companyos.agent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Writes an answer outside Spring MVC (the data port's door and the record-write fast path) exactly as MVC would. */
@Component
class AnswerWriter {

    private final ObjectWriter writer;

    AnswerWriter(ObjectMapper json) {
        this.writer = json.writer();
    }

    void write(HttpServletRequest request, HttpServletResponse response, ResponseEntity<?> answer) throws IOException {
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
