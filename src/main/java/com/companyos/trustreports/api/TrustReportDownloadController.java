package com.companyos.trustreports.api;

import com.companyos.trustreports.TrustReportService;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * The download route of a Trust Report for people signed in to the console (session cookie): each request renders a
 * copy watermarked with the person and signs it. Authorization is the service's: a customer gets their own tenant's
 * reports only (404 and an audit entry otherwise), and only after accepting the terms (409 until then).
 */
@RestController
class TrustReportDownloadController {

    static final String PATH = "/files/trust-reports/{id}.pdf";

    private final TrustReportService reports;

    TrustReportDownloadController(TrustReportService reports) {
        this.reports = reports;
    }

    @GetMapping(PATH)
    ResponseEntity<byte[]> download(@PathVariable UUID id) {
        TrustReportService.Download copy = reports.download(id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(copy.fileName()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-SHA256", copy.sha256())
                .body(copy.pdf());
    }
}
