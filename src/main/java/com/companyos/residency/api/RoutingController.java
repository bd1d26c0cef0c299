package com.companyos.residency.api;

import com.companyos.residency.Route;
import com.companyos.residency.RouteDeniedException;
import com.companyos.residency.RoutingService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Seam 1 over HTTP. {@code GET /api/v1/tenants/{slug}/endpoint} answers where the tenant's data API is;
 * {@code /route/{slug}/<path>} (any method) answers 307 to the same path on the tenant's region, so a client that
 * follows redirects needs only the console's address. The console reads neither the body nor the records: a 307 keeps
 * the method and the client sends the body again, to the region.
 */
@RestController
class RoutingController {

    static final String ROUTE_PREFIX = "/route/";

    private final RoutingService routing;

    RoutingController(RoutingService routing) {
        this.routing = routing;
    }

    @GetMapping("/api/v1/tenants/{slug}/endpoint")
    Route endpoint(@PathVariable String slug, @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return routing.route(slug, bearer(auth));
    }

    @RequestMapping("/route/{slug}/**")
    ResponseEntity<Void> redirect(@PathVariable String slug, @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                  HttpServletRequest request) {
        Route route = routing.route(slug, bearer(auth));
        String rest = request.getRequestURI().substring((request.getContextPath() + ROUTE_PREFIX + slug).length());
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT)
                .location(URI.create(route.endpoint() + rest + query))
                .header("X-CompanyOS-Region", route.region())
                .header("X-CompanyOS-Decision", route.decisionId())
                .header("X-CompanyOS-Receipt", route.receiptId())
                .build();
    }

    @ExceptionHandler(RouteDeniedException.class)
    ProblemDetail denied(RouteDeniedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        p.setTitle("Denied by residency policy");
        p.setProperty("decisionId", e.decision().decisionId().toString());
        p.setProperty("receiptId", e.receipt().receiptId());
        p.setProperty("policies", e.decision().determiningPolicies());
        p.setProperty("bundle", e.decision().bundleLabel());
        return p;
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
    }
}
