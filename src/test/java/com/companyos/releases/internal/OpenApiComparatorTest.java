package com.companyos.releases.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The spec-parity comparator on small OpenAPI 3 documents shaped as springdoc writes them. */
class OpenApiComparatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String BASE = """
            {"openapi":"3.0.1","servers":[{"url":"https://localhost:9443"}],
             "paths":{
               "/agent/v1/health":{"get":{"operationId":"health","responses":{"200":{"description":"OK",
                  "content":{"application/json":{"schema":{"$ref":"#/components/schemas/AgentHealth"}}}}}}},
               "/agent/v1/decisions":{"get":{"operationId":"decisions","parameters":[
                  {"name":"from","in":"query","required":true,"schema":{"type":"string"}},
                  {"name":"limit","in":"query","required":false,"schema":{"type":"integer"}}],
                  "responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"type":"array",
                     "items":{"$ref":"#/components/schemas/DecisionRecord"}}}}}}}},
               "/agent/v1/faults":{"put":{"operationId":"faults","requestBody":{"required":true,"content":{"application/json":
                  {"schema":{"$ref":"#/components/schemas/FaultConfig"}}}},"responses":{"200":{"description":"OK"}}}}},
             "components":{"schemas":{
               "AgentHealth":{"type":"object","properties":{"region":{"type":"string"},"release":{"type":"string"},
                  "database":{"$ref":"#/components/schemas/Database"}}},
               "Database":{"type":"object","properties":{"reachable":{"type":"boolean"}}},
               "DecisionRecord":{"type":"object","properties":{"decisionId":{"type":"string"},"allowed":{"type":"boolean"}}},
               "FaultConfig":{"type":"object","required":["errorShare"],"properties":{"errorShare":{"type":"number"},
                  "addedLatencyMillis":{"type":"integer"}}}}}}
            """;

    @Test
    void the_same_description_from_another_port_is_equal() throws Exception {
        ObjectNode candidate = base();
        ((ObjectNode) candidate.get("servers").get(0)).put("url", "https://localhost:40123");
        OpenApiComparator.Report r = OpenApiComparator.compare(base(), candidate);
        assertThat(r.equal()).isTrue();
        assertThat(r.compatible()).isTrue();
        assertThat(r.breaking()).isEmpty();
        assertThat(r.additions()).isEmpty();
    }

    @Test
    void new_paths_operations_optional_parameters_and_response_fields_are_a_compatible_superset() throws Exception {
        ObjectNode c = base();
        ((ObjectNode) c.get("paths")).set("/agent/v1/openapi", JSON.readTree("{\"get\":{\"responses\":{\"200\":{\"description\":\"OK\"}}}}"));
        ((ObjectNode) c.at("/paths/~1agent~1v1~1health")).set("head", JSON.readTree("{\"responses\":{\"200\":{\"description\":\"OK\"}}}"));
        ((ArrayNode) c.at("/paths/~1agent~1v1~1decisions/get/parameters")).add(JSON.readTree(
                "{\"name\":\"tenant\",\"in\":\"query\",\"required\":false,\"schema\":{\"type\":\"string\"}}"));
        ((ObjectNode) c.at("/components/schemas/AgentHealth/properties")).set("zone", JSON.readTree("{\"type\":\"string\"}"));
        OpenApiComparator.Report r = OpenApiComparator.compare(base(), c);
        assertThat(r.equal()).isFalse();
        assertThat(r.breaking()).isEmpty();
        assertThat(r.additions()).contains("new path /agent/v1/openapi", "new operation HEAD /agent/v1/health",
                "new optional parameter query:tenant of GET /agent/v1/decisions");
    }

    @Test
    void a_removed_path_or_operation_is_breaking() throws Exception {
        ObjectNode c = base();
        ((ObjectNode) c.get("paths")).remove("/agent/v1/faults");
        assertThat(OpenApiComparator.compare(base(), c).breaking()).containsExactly("removed path /agent/v1/faults");
        ObjectNode d = base();
        ((ObjectNode) d.at("/paths/~1agent~1v1~1health")).remove("get");
        ((ObjectNode) d.at("/paths/~1agent~1v1~1health")).set("post", JSON.readTree("{\"responses\":{\"200\":{\"description\":\"OK\"}}}"));
        OpenApiComparator.Report r = OpenApiComparator.compare(base(), d);
        assertThat(r.breaking()).containsExactly("removed operation GET /agent/v1/health");
        assertThat(r.compatible()).isFalse();
    }

    @Test
    void a_removed_required_parameter_and_a_new_or_newly_required_one_are_breaking() throws Exception {
        ObjectNode c = base();
        ArrayNode params = (ArrayNode) c.at("/paths/~1agent~1v1~1decisions/get/parameters");
        params.remove(0); // from (required)
        ((ObjectNode) params.get(0)).put("required", true); // limit becomes required
        params.add(JSON.readTree("{\"name\":\"tenant\",\"in\":\"query\",\"required\":true,\"schema\":{\"type\":\"string\"}}"));
        assertThat(OpenApiComparator.compare(base(), c).breaking()).containsExactlyInAnyOrder(
                "removed required parameter query:from of GET /agent/v1/decisions",
                "parameter query:limit of GET /agent/v1/decisions became required",
                "new required parameter query:tenant of GET /agent/v1/decisions");
        ObjectNode optionalGone = base();
        ((ArrayNode) optionalGone.at("/paths/~1agent~1v1~1decisions/get/parameters")).remove(1);
        assertThat(OpenApiComparator.compare(base(), optionalGone).breaking()).as("an optional parameter the server now ignores").isEmpty();
    }

    @Test
    void a_removed_response_field_is_breaking_at_any_depth_through_refs_and_arrays() throws Exception {
        ObjectNode c = base();
        ((ObjectNode) c.at("/components/schemas/Database/properties")).remove("reachable");
        ((ObjectNode) c.at("/components/schemas/DecisionRecord/properties")).remove("allowed");
        assertThat(OpenApiComparator.compare(base(), c).breaking()).containsExactlyInAnyOrder(
                "removed response field database.reachable of GET /agent/v1/health response 200",
                "removed response field [].allowed of GET /agent/v1/decisions response 200");
        ObjectNode d = base();
        ((ObjectNode) d.at("/paths/~1agent~1v1~1health/get/responses")).remove("200");
        assertThat(OpenApiComparator.compare(base(), d).breaking()).containsExactly("removed response 200 of GET /agent/v1/health");
    }

    @Test
    void a_new_required_request_field_is_breaking_an_optional_one_is_not() throws Exception {
        ObjectNode c = base();
        ((ObjectNode) c.at("/components/schemas/FaultConfig/properties")).set("mode", JSON.readTree("{\"type\":\"string\"}"));
        assertThat(OpenApiComparator.compare(base(), c).breaking()).isEmpty();
        ((ArrayNode) c.at("/components/schemas/FaultConfig/required")).add("mode");
        assertThat(OpenApiComparator.compare(base(), c).breaking()).containsExactly(
                "new required request field mode of PUT /agent/v1/faults request application/json");
    }

    private static ObjectNode base() throws Exception {
        JsonNode n = JSON.readTree(BASE);
        return (ObjectNode) n;
    }
}
