package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlApiIT {
    private DiscordSimulator simulator;
    private RestTestClient control;

    @BeforeEach
    void start() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults());
        control = new RestTestClient(URI.create("http://127.0.0.1:" + simulator.port() + "/_sim"), null);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return GatewayTestClient.MAPPER.readTree(response.body());
    }

    @Test
    void emitsASlashCommandOverHttpAndShowsTheRedactedCallback() throws Exception {
        JsonNode world = json(control.get("/world"));
        String guildId = world.path("guilds").get(0).path("id").asText();
        String userId = world.path("guilds").get(0).path("members").get(1).path("user_id").asText();

        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            client.identifyAndAwaitReady(simulator.config().botToken(), 1);
            JsonNode emitted = json(control.post("/interactions/slash", "{\"guild_id\":\"" + guildId
                    + "\",\"user_id\":\"" + userId + "\",\"command\":\"echo\",\"options\":[{\"name\":\"text\","
                    + "\"type\":3,\"value\":\"hi\"}]}"));

            JsonNode d = client.awaitDispatch("INTERACTION_CREATE").path("d");
            assertThat(d.path("id").asText()).isEqualTo(emitted.path("id").asText());
            assertThat(d.path("data").path("options").get(0).path("value").asText()).isEqualTo("hi");
            RestTestClient.anonymous(simulator).post("/interactions/" + d.path("id").asText() + "/"
                    + d.path("token").asText() + "/callback", "{\"type\":5}");

            JsonNode requests = json(control.get("/requests?method=POST"));
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).path("path").asText()).doesNotContain(d.path("token").asText())
                    .contains(d.path("id").asText());
            assertThat(requests.get(0).path("status").asInt()).isEqualTo(204);
            assertThat(json(control.get("/dispatches?type=INTERACTION_CREATE"))).hasSize(1);
        }
    }

    @Test
    void injectsGatewayFaultsAndMovesTheClock() throws Exception {
        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            client.identifyAndAwaitReady(simulator.config().botToken(), 1);

            JsonNode fault = json(control.post("/faults/gateway", "{\"action\":\"close\",\"shard\":0,\"code\":4000}"));
            assertThat(fault.path("connections").asInt()).isEqualTo(1);
            assertThat(client.awaitClose()).isEqualTo(4000);
        }
        JsonNode clock = json(control.post("/clock/advance", "{\"millis\":5000}"));
        assertThat(clock.path("offset_millis").asLong()).isEqualTo(5000);
        assertThat(simulator.clock().offset().toMillis()).isEqualTo(5000);
    }

    @Test
    void injectsAnHtmlRateLimitOverHttpAndCountsItAsInvalid() throws Exception {
        JsonNode fault = json(control.post("/faults/rest",
                "{\"method\":\"GET\",\"route\":\"/users/@me\",\"kind\":\"HTML_RATE_LIMITED\",\"delay_ms\":2000}"));
        assertThat(fault.path("kind").asText()).isEqualTo("HTML_RATE_LIMITED");

        HttpResponse<String> limited = RestTestClient.bot(simulator).get("/users/@me");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("2");
        assertThat(json(control.get("/invalid-requests")).path("count").asLong()).isEqualTo(1);
    }

    @Test
    void rejectsBadRequestsWithAnError() {
        HttpResponse<String> response = control.post("/events/member-add", "{\"guild_id\":\"1\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("user_id");
    }
}
