package com.companyos.dcp.api;

import com.companyos.dcp.Dcp;
import com.companyos.dcp.DcpService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * REST API for Dedicated Compliance Partitions (the CLI's {@code companyos dcp create|status} back end). Authorization
 * is the service's. {@code POST .../dcp} answers 202: the request waits for two compliance officers.
 */
@RestController
class DcpController {

    /** The body of a request or resume: why. */
    record Reason(String reason) {
    }

    private final DcpService dcps;

    DcpController(DcpService dcps) {
        this.dcps = dcps;
    }

    @PostMapping("/api/v1/tenants/{slug}/dcp")
    ResponseEntity<Dcp> request(@PathVariable String slug, @RequestBody Reason body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(dcps.request(slug, body == null ? null : body.reason()));
    }

    @GetMapping("/api/v1/tenants/{slug}/dcp")
    Dcp status(@PathVariable String slug) {
        return dcps.get(slug);
    }

    @PostMapping("/api/v1/tenants/{slug}/dcp/resume")
    Dcp resume(@PathVariable String slug, @RequestBody Reason body) {
        return dcps.resume(slug, body == null ? null : body.reason());
    }

    @GetMapping("/api/v1/tenants/{slug}/dcp/record")
    ResponseEntity<byte[]> record(@PathVariable String slug) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"dcp-record-" + slug + ".zip\"")
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(dcps.recordBundle(slug));
    }

    @GetMapping("/api/v1/dcps")
    List<Dcp> list() {
        return dcps.list();
    }
}
