package com.companyos.security;

import com.companyos.approvals.ApprovalService;
import com.companyos.base.ConflictException;
import com.companyos.base.NotFoundException;
import com.companyos.base.Role;
import com.companyos.residency.ProofBundleService;
import com.companyos.residency.ResidencyService;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.CreateOutcome;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.companyos.trustreports.TrustReport;
import com.companyos.trustreports.TrustReportService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.companyos.db.Tables.API_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The product tried as an attacker would, against the real stack, every build (issue 21): every role against every
 * console endpoint (a table: 0 unexpected allows), anonymous, expired, revoked and forged credentials, malformed and
 * hostile input to the console API and to a region's data API, slow bodies, plain HTTP on TLS ports, replayed
 * approvals, and a customer of one tenant probing another tenant's IDs. Every answer must be below 500 and free of
 * stack traces and class names. The totals (requests tried, by outcome) are printed at the end.
 */
class SecuritySuiteIT extends ConsoleIT {

    /** What must never appear in an answer: a stack frame, an exception class, a package name of ours or the JDK's. */
    private static final Pattern LEAK = Pattern.compile("\\bat [a-z]+\\.[a-z]+\\.|Exception\\b|com\\.companyos|java\\.(lang|util|io)\\.|org\\.(springframework|jooq|postgresql)");
    private static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();
    private static final List<String> PROBLEMS = java.util.Collections.synchronizedList(new ArrayList<>());

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    ApiTokenService apiTokens;
    @Autowired
    TrustReportService reports;
    @Autowired
    ResidencyService residency;
    @Autowired
    ProofBundleService bundles;
    @Autowired
    DSLContext db;

    static Tenant tenantA;
    static Tenant tenantB;
    static String tokenA;
    static String tokenB;
    static Map<Role, String> staffTokens = new LinkedHashMap<>();
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void stack() {
        awaitAllRegionsHealthy();
        if (tenantA != null) {
            return;
        }
        tenantA = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("suite-a"), false, "eu-west", "eu-central", null));
        tenantB = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("suite-b"), false, "eu-west", "eu-central", null));
        tokenA = As.operator(() -> tenants.issueToken(tenantA.slug(), "suite-app")).token();
        tokenB = As.operator(() -> tenants.issueToken(tenantB.slug(), "suite-app")).token();
        for (Role role : List.of(Role.PLATFORM_ADMIN, Role.COMPLIANCE_OFFICER, Role.OPERATOR, Role.EXECUTIVE)) {
            staffTokens.put(role, As.user("suite-" + role.name().toLowerCase(), role,
                    () -> apiTokens.issue("security suite", Duration.ofDays(1))).token());
        }
    }

    @AfterAll
    static void totals() {
        int total = OUTCOMES.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.println("[security-suite] " + total + " requests tried; by outcome: " + new TreeMap<>(OUTCOMES.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))) + "; problems: " + PROBLEMS.size());
    }

    // ---------------------------------------------------------------------------------------------------- console API

    /** Who may call what: "+" allowed (the service answers, here 2xx or 404/409/400 for made-up IDs), "-" refused (403). */
    private static final String[][] CONSOLE_TABLE = {
            //  method, path,                                           ADMIN COMPL OPER EXEC
            {"GET", "/api/v1/tenants", "+", "+", "+", "+"},
            {"GET", "/api/v1/tenants/{a}", "+", "+", "+", "+"},
            {"GET", "/api/v1/tenants/{a}/manifest", "+", "+", "+", "+"},
            {"GET", "/api/v1/tenants/{a}/teardown-plan", "+", "+", "+", "-"},
            {"POST", "/api/v1/tenants/{unknown}/teardown", "+", "-", "+", "-"},
            {"GET", "/api/v1/tenants/{a}/legal-holds", "+", "+", "+", "+"},
            {"GET", "/api/v1/tenants/{a}/deletion-certificate", "+", "+", "+", "+"},
            {"POST", "/api/v1/tenants", "+", "-", "+", "-"},
            {"GET", "/api/v1/approvals/mine", "+", "+", "+", "+"},
            {"GET", "/api/v1/approvals/{random}", "+", "+", "+", "+"},
            {"POST", "/api/v1/approvals/{random}/approve", "-", "+", "-", "-"},
            {"POST", "/api/v1/approvals/{random}/deny", "-", "+", "-", "-"},
            {"POST", "/api/v1/approvals/{random}/retry", "+", "-", "+", "-"},
    };

    @Test
    void every_role_against_every_console_endpoint_matches_the_table_and_anonymous_callers_get_401() throws Exception {
        List<Role> columns = List.of(Role.PLATFORM_ADMIN, Role.COMPLIANCE_OFFICER, Role.OPERATOR, Role.EXECUTIVE);
        List<String> unexpected = new ArrayList<>();
        int refused = 0;
        long auditedBefore = db.fetchCount(com.companyos.db.Tables.AUDIT_LOG, com.companyos.db.Tables.AUDIT_LOG.ACTION.eq("access.refused"));
        for (String[] row : CONSOLE_TABLE) {
            String path = row[1].replace("{a}", tenantA.slug()).replace("{unknown}", "no-such-tenant")
                    .replace("{random}", UUID.randomUUID().toString());
            String body = row[1].equals("/api/v1/tenants") ? "{\"name\":\"x\",\"slug\":\"BAD SLUG\",\"residencyZone\":\"EU\"}" : "{\"reason\":\"suite\"}";
            for (int i = 0; i < columns.size(); i++) {
                HttpResponse<String> r = console(row[0], path, staffTokens.get(columns.get(i)), body);
                boolean allowed = r.statusCode() != 401 && r.statusCode() != 403;
                refused += r.statusCode() == 403 ? 1 : 0;
                boolean expected = row[2 + i].equals("+");
                check(row[0] + " " + row[1] + " as " + columns.get(i), r, null);
                if (allowed != expected) {
                    unexpected.add(row[0] + " " + row[1] + " as " + columns.get(i) + ": " + r.statusCode() + " (table says " + row[2 + i] + ")");
                }
            }
            check(row[0] + " " + row[1] + " anonymous", console(row[0], path, null, body), Set.of(401));
            check(row[0] + " " + row[1] + " forged token", console(row[0], path, "cos_" + UUID.randomUUID(), body), Set.of(401));
            check(row[0] + " " + row[1] + " tenant token", console(row[0], path, tokenA, body), Set.of(401));
        }
        assertThat(unexpected).as("unexpected allows or refusals").isEmpty();
        // Every refusal of a signed-in caller is in the audit log, with who and what.
        assertThat(db.fetchCount(com.companyos.db.Tables.AUDIT_LOG, com.companyos.db.Tables.AUDIT_LOG.ACTION.eq("access.refused")))
                .isGreaterThanOrEqualTo((int) auditedBefore + refused);
        assertThat(refused).isPositive();
        assertNoProblems();
    }

    @Test
    void expired_and_revoked_personal_tokens_are_refused() throws Exception {
        String expired = As.user("suite-expired", Role.OPERATOR, () -> apiTokens.issue("expires", Duration.ofDays(1))).token();
        check("fresh token", console("GET", "/api/v1/tenants", expired, null), Set.of(200));
        db.update(API_TOKEN).set(API_TOKEN.EXPIRES_AT, OffsetDateTime.now().minusMinutes(1))
                .where(API_TOKEN.TOKEN_PREFIX.eq(expired.substring(0, 12))).execute();
        check("expired token", console("GET", "/api/v1/tenants", expired, null), Set.of(401));

        var issued = As.user("suite-revoked", Role.OPERATOR, () -> apiTokens.issue("revoked", Duration.ofDays(1)));
        As.user("suite-revoked", Role.OPERATOR, () -> apiTokens.revoke(issued.id()));
        check("revoked token", console("GET", "/api/v1/tenants", issued.token(), null), Set.of(401));
        assertNoProblems();
    }

    @Test
    void hostile_input_to_the_console_api_is_a_clear_4xx() throws Exception {
        String operator = staffTokens.get(Role.OPERATOR);
        for (String body : List.of("{", "[]", "null", "{\"slug\": {\"$ne\": 1}}", "{\"name\": 5, \"slug\": [], \"contacts\": \"x\"}",
                "{\"name\":\"" + "n".repeat(200_000) + "\"}", "[".repeat(50_000) + "]".repeat(50_000), "\u0000\u0001binary")) {
            check("POST /api/v1/tenants " + abbreviate(body), console("POST", "/api/v1/tenants", operator, body), Set.of(400, 413, 415, 422));
        }
        check("unknown tenant", console("GET", "/api/v1/tenants/no-such-tenant", operator, null), Set.of(404));
        // A Trust Report file is a browser download: without a session the console sends the caller to sign in.
        HttpResponse<String> file = console("GET", "/files/trust-reports/" + UUID.randomUUID() + ".pdf", null, null);
        check("report file without a session", file, Set.of(302));
        assertThat(file.headers().firstValue("Location").orElse("")).endsWith("/login");
        check("slug with traversal", console("GET", "/api/v1/tenants/..%2F..%2Fetc", operator, null), Set.of(400, 404));
        check("not a UUID", console("GET", "/api/v1/approvals/not-a-uuid", operator, null), Set.of(400));
        check("huge path", console("GET", "/api/v1/tenants/" + "a".repeat(20_000), operator, null), Set.of(400, 404, 414));
        assertNoProblems();
    }

    @Test
    void a_replayed_or_self_approval_is_refused_and_an_executed_request_takes_no_more_votes() {
        String slug = TestTenants.slug("suite-locked");
        CreateOutcome submitted = As.operator(() -> tenants.create(TestTenants.request(slug, true, "eu-west", "eu-central", "suite")));
        UUID id = submitted.approvalRequestId();
        As.officer("compliance1", () -> approvals.approve(id, "checked"));
        // The same officer again (a replayed vote), the requester approving their own request, a vote after execution.
        assertThatThrownBy(() -> As.officer("compliance1", () -> approvals.approve(id, "again"))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> As.user("operator", Role.COMPLIANCE_OFFICER, () -> approvals.approve(id, "my own request")))
                .isInstanceOf(ConflictException.class);
        As.officer("compliance2", () -> approvals.approve(id, "agreed"));
        assertThat(TestTenants.awaitFinal(approvals, id).status()).isEqualTo(com.companyos.approvals.ApprovalStatus.EXECUTED);
        assertThatThrownBy(() -> As.officer("compliance3", () -> approvals.approve(id, "late"))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> As.officer("compliance3", () -> approvals.approve(UUID.randomUUID(), "nothing")))
                .isInstanceOf(NotFoundException.class);
        tally("replayed approvals", 4);
    }

    // ------------------------------------------------------------------------------------------------- region data API

    @Test
    void hostile_input_to_a_regions_data_api_is_a_clear_4xx() throws Exception {
        DataApi a = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenantA.slug(), tokenA);
        for (String body : List.of("{", "[]", "null", "{\"classification\":5,\"retentionPolicy\":[],\"data\":{}}",
                "{\"classification\":\"pii\",\"retentionPolicy\":\"none\",\"data\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "{\"classification\":\"pii\",\"retentionPolicy\":\"none\",\"data\":\"x\",\"extra\":" + "1,".repeat(1) + "2}")) {
            check("PUT record " + abbreviate(body), a.put("k1", body), Set.of(400, 413, 422));
        }
        check("huge key", a.put("k".repeat(5_000), "{\"classification\":\"public\",\"retentionPolicy\":\"none\",\"data\":\"x\"}"),
                Set.of(400, 414));
        check("analytics wrong types", a.post("analytics", "{\"resultZone\":[1,2],\"classification\":{}}"), Set.of(400));
        // A long list where the request has none (analytics takes two scalars): ignored, answered as without it.
        check("analytics unknown list", a.post("analytics", "{\"fields\":[" + "\"f\",".repeat(100_000) + "\"f\"]}"), Set.of(200, 403));
        check("export nonsense", a.post("exports", "{\"destination\":\"" + "d".repeat(10_000) + "\",\"classification\":\"pii\"}"),
                Set.of(400, 403));
        check("query NUL", a.raw("/data/v1/tenants/" + tenantA.slug() + "/records?limit=999999999&q=%00"), Set.of(400));
        check("query long text", a.raw("/data/v1/tenants/" + tenantA.slug() + "/records?q=" + "w".repeat(5_000)), Set.of(400));
        check("query limit not a number", a.raw("/data/v1/tenants/" + tenantA.slug() + "/records?limit=lots"), Set.of(400));
        check("receipt not a UUID", a.receipt("not-a-uuid"), Set.of(400, 404));
        // Credentials: another tenant's, forged, none; a tenant unknown everywhere.
        check("foreign token", new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenantA.slug(), tokenB).get("k1"), Set.of(404));
        check("forged token", new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenantA.slug(), "cot_x").get("k1"), Set.of(401));
        check("no token", new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenantA.slug(), null).get("k1"), Set.of(401));
        check("unknown tenant", new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), "nobody-at-all", tokenA).get("k1"), Set.of(404));
        check("path traversal", a.raw("/data/v1/tenants/" + tenantA.slug() + "/../../../agent/v1/health"), Set.of(400, 404));
        check("control API on the data port", a.raw("/agent/v1/health"), Set.of(404));
        // A record that was refused is not stored.
        check("nothing stored", a.get("k1"), Set.of(404));
        assertNoProblems();
    }

    @Test
    void a_slow_body_is_cut_off_and_the_region_keeps_serving() throws Exception {
        long started = System.nanoTime();
        String answer = rawTls(DATA_PORTS.get(EU_WEST), "PUT /data/v1/tenants/" + tenantA.slug() + "/records/slow HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + tokenA + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"classification\"", 90);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertThat(seconds).as("the region gave up on the stalled body").isLessThan(60);
        if (!answer.isEmpty()) {
            int status = Integer.parseInt(answer.substring(9, 12));
            record("slow body", status, answer, Set.of(400, 408, 413));
        } else {
            tally("slow body: closed", 1);
        }
        DataApi a = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenantA.slug(), tokenA);
        check("still serving", a.put("after-slow", "{\"classification\":\"public\",\"retentionPolicy\":\"none\",\"data\":\"x\"}"), Set.of(200));
        assertNoProblems();
    }

    @Test
    void plain_http_on_tls_ports_is_refused_without_a_5xx() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("data port", DATA_PORTS.get(EU_WEST));
        ports.put("agent control port", AGENT_PORTS.get(EU_WEST));
        ports.put("console internal port", INTERNAL_PORT);
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), p.getValue())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /data/v1/tenants/x/records HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer = readAll(s.getInputStream());
                if (answer.startsWith("HTTP/")) {
                    record("plain HTTP on " + p.getKey(), Integer.parseInt(answer.substring(9, 12)), answer, Set.of(400));
                } else {
                    tally("plain HTTP on " + p.getKey() + ": not spoken", 1); // a TLS alert or a closed connection
                }
            } catch (IOException closed) {
                tally("plain HTTP on " + p.getKey() + ": not spoken", 1);
            }
        }
        assertNoProblems();
    }

    // -------------------------------------------------------------------------------------------------- tenant probing

    @Test
    void a_customer_of_one_tenant_probing_anothers_ids_learns_nothing_and_the_refusal_is_audited() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        TrustReport bReport = As.officer("compliance1", () -> reports.generate(tenantB.slug(), hour, hour.plus(Duration.ofHours(1))));
        var bJob = As.officer("compliance1", () -> bundles.start(tenantB.slug(), hour, Instant.now()));
        long refusalsBefore = db.fetchCount(com.companyos.db.Tables.AUDIT_LOG,
                com.companyos.db.Tables.AUDIT_LOG.ACTION.eq("trust-report.access-refused"));
        int probes = 0;
        for (Runnable probe : List.<Runnable>of(
                () -> As.customer(tenantA, () -> reports.download(bReport.id())),
                () -> As.customer(tenantA, () -> reports.reports(tenantB.slug())),
                () -> As.customer(tenantA, () -> bundles.job(tenantB.slug(), bJob.jobId())),
                () -> As.customer(tenantA, () -> bundles.job(tenantA.slug(), bJob.jobId())),
                () -> As.customer(tenantA, () -> tenants.visible(tenantB.slug())),
                () -> As.customer(tenantA, () -> residency.overview(hour, Instant.now(), tenantB.slug())),
                () -> As.customer(tenantA, () -> residency.decisions(hour, Instant.now(), null, tenantB.slug(), 10)))) {
            assertThatThrownBy(probe::run).isInstanceOf(NotFoundException.class);
            probes++;
        }
        tally("customer probes refused as not found", probes);
        assertThat(db.fetchCount(com.companyos.db.Tables.AUDIT_LOG, com.companyos.db.Tables.AUDIT_LOG.ACTION.eq("trust-report.access-refused")))
                .isGreaterThanOrEqualTo((int) refusalsBefore + 2);
    }

    // ---------------------------------------------------------------------------------------------------------- helpers

    private HttpResponse<String> console(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (method.equals("GET")) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Checks one answer: below 500, no leak, and (if given) one of {@code expected}; tallies it. */
    private static void check(String what, HttpResponse<String> r, Set<Integer> expected) {
        record(what, r.statusCode(), r.body(), expected);
    }

    private static void record(String what, int status, String body, Set<Integer> expected) {
        OUTCOMES.computeIfAbsent(String.valueOf(status), s -> new AtomicInteger()).incrementAndGet();
        if (status >= 500) {
            PROBLEMS.add(what + ": " + status + " " + abbreviate(body));
        }
        if (body != null && LEAK.matcher(body).find()) {
            PROBLEMS.add(what + ": answer leaks internals: " + abbreviate(body));
        }
        if (expected != null && !expected.contains(status)) {
            PROBLEMS.add(what + ": " + status + " (expected " + expected + ") " + abbreviate(body));
        }
    }

    private static void tally(String outcome, int n) {
        OUTCOMES.computeIfAbsent(outcome, s -> new AtomicInteger()).addAndGet(n);
    }

    private static void assertNoProblems() {
        List<String> copy;
        synchronized (PROBLEMS) {
            copy = new ArrayList<>(PROBLEMS);
            PROBLEMS.clear();
        }
        assertThat(copy).as("5xx answers, leaks or unexpected statuses").isEmpty();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }

    /** Sends {@code request} over TLS and reads the answer (empty if the server closed without one). */
    private static String rawTls(int port, String request, int timeoutSeconds) throws Exception {
        var factory = DataApi.trusting(DATA_DIR.resolve("pki/ca.crt")).getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket("localhost", port)) {
            socket.setSoTimeout(timeoutSeconds * 1000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readAll(socket.getInputStream());
        } catch (java.net.SocketTimeoutException stillWaiting) {
            return "HTTP/1.1 599 the server kept the connection open";
        } catch (IOException closed) {
            return "";
        }
    }

    private static String readAll(InputStream in) throws IOException {
        byte[] all = in.readNBytes(64 * 1024);
        return new String(all, StandardCharsets.UTF_8);
    }
}
