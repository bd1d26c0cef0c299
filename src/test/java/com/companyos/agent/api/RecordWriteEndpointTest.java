package com.companyos.agent.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The record-write fast path takes exactly the paths the MVC route {@code /data/v1/tenants/{slug}/records/{key}} takes. */
class RecordWriteEndpointTest {

    @Test
    void a_record_path_names_its_tenant_and_key_decoded_like_a_path_variable() {
        assertThat(RecordWriteEndpoint.target("/data/v1/tenants/acme-eu/records/invoice-7")).containsExactly("acme-eu", "invoice-7");
        assertThat(RecordWriteEndpoint.target("/data/v1/tenants/acme-eu/records/a%3Ab.c")).containsExactly("acme-eu", "a:b.c");
        assertThat(RecordWriteEndpoint.target("/data/v1/tenants/acme-eu/records/a+b")).containsExactly("acme-eu", "a+b");
    }

    @Test
    void other_paths_are_left_to_the_rest_of_the_api() {
        assertThat(RecordWriteEndpoint.target("/data/v1/tenants/acme-eu/records")).isNull();
        assertThat(RecordWriteEndpoint.target("/data/v1/tenants/acme-eu/records/")).isNull();
        assertThat(RecordWriteEndpoint.target("/data/v1/tenants/acme-eu/records/a/b")).isNull();
        assertThat(RecordWriteEndpoint.target("/data/v1/tenants//records/a")).isNull();
        assertThat(RecordWriteEndpoint.target("/data/v1/tenants/a/b/records/c")).isNull();
        assertThat(RecordWriteEndpoint.target("/data/v1/tenants/acme-eu/exports")).isNull();
        assertThat(RecordWriteEndpoint.target("/agent/v1/health")).isNull();
    }
}
