package com.companyos.support;

import com.companyos.pki.Pem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A tenant's application as the agents see it: HTTPS to a region's data port (trusting the CompanyOS CA, no client
 * certificate), a tenant API token as Bearer.
 */
public final class DataApi {

    private final HttpClient http;
    private final String baseUrl;
    private final String slug;
    private final String token;

    /** TLS 1.3 that trusts exactly the CompanyOS CA (the data port's server certificate), no client certificate. */
    public static SSLContext trusting(Path caCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificates(caCertificate).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    public DataApi(Path caCertificate, int dataPort, String slug, String token) {
        this.baseUrl = "https://localhost:" + dataPort;
        this.slug = slug;
        this.token = token;
        try {
            this.http = HttpClient.newBuilder().sslContext(trusting(caCertificate)).version(HttpClient.Version.HTTP_1_1).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> put(String key, String json) throws Exception {
        return http.send(request(tenant() + "/records/" + key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A PUT answered whenever the agent answers, up to {@code timeout} (not the 10 s of the other calls). */
    public java.util.concurrent.CompletableFuture<HttpResponse<String>> putAsync(String key, String json, Duration timeout) {
        return http.sendAsync(request(tenant() + "/records/" + key).timeout(timeout).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String key) throws Exception {
        return http.send(request(tenant() + "/records/" + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String key) throws Exception {
        return http.send(request(tenant() + "/records/" + key).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST to a tenant data API operation: {@code exports}, {@code egress} or {@code analytics}. */
    public HttpResponse<String> post(String operation, String json) throws Exception {
        return http.send(request(tenant() + "/" + operation).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> receipt(String receiptId) throws Exception {
        return http.send(request(tenant() + "/receipts/" + receiptId).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String tenant() {
        return "/data/v1/tenants/" + slug;
    }

    public HttpResponse<String> raw(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }
}
