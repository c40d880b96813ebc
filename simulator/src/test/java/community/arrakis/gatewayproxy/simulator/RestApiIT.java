package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestApiIT {
    private static final String MEMBER_ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private DiscordSimulator simulator;

    @BeforeEach
    void start() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void gatewayBotPointsAtTheGatewayWithTheSessionStartLimit() throws Exception {
        HttpResponse<String> response = RestTestClient.bot(simulator).get("/gateway/bot");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = GatewayTestClient.MAPPER.readTree(response.body());
        assertThat(body.path("url").asText()).isEqualTo(simulator.gatewayUrl().toString());
        assertThat(body.path("shards").asInt()).isEqualTo(1);
        assertThat(body.path("session_start_limit").path("total").asInt()).isEqualTo(1000);
        assertThat(body.path("session_start_limit").path("remaining").asInt()).isEqualTo(1000);
        assertThat(body.path("session_start_limit").path("max_concurrency").asInt()).isEqualTo(1);
        assertThat(response.headers().firstValue("X-RateLimit-Bucket")).isPresent();
    }

    @Test
    void rejectsBotRoutesWithoutTheBotToken() throws Exception {
        HttpResponse<String> missing = RestTestClient.anonymous(simulator).get("/gateway/bot");
        HttpResponse<String> wrong = new RestTestClient(simulator.apiBaseUrl(), "Bot not-the-token").get("/users/@me");
        HttpResponse<String> bare = new RestTestClient(simulator.apiBaseUrl(), simulator.config().botToken())
                .get("/users/@me");

        for (HttpResponse<String> response : java.util.List.of(missing, wrong, bare)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode body = GatewayTestClient.MAPPER.readTree(response.body());
            assertThat(body.path("message").asText()).isEqualTo("401: Unauthorized");
            assertThat(body.path("code").asInt()).isZero();
        }
    }

    @Test
    void recordingRedactsTheBotToken() {
        RestTestClient.bot(simulator).get("/users/@me");

        RecordedRequest recorded = simulator.requests().await(r -> r.is("GET", "/users/@me"), Duration.ofSeconds(5));
        assertThat(recorded.header("authorization")).contains("Bot [redacted]");
        assertThat(recorded.toString()).doesNotContain(simulator.config().botToken());
        assertThat(recorded.headers().values()).noneMatch(v -> v.contains(simulator.config().botToken()));
    }

    @Test
    void roleAddAndRemoveAreRecordedWithTheReasonAndFireMemberUpdates() {
        Guild guild = simulator.world().guilds().get(0);
        Member member = guild.members().get(2);
        Role moderator = guild.roles().stream().filter(r -> r.name().equals("Moderator")).findFirst().orElseThrow();
        String path = "/guilds/" + guild.id() + "/members/" + member.user().id() + "/roles/" + moderator.id();

        try (GatewayTestClient client = GatewayTestClient.connect(simulator)) {
            client.identifyAndAwaitReady(simulator.config().botToken(), 1 | 2);

            HttpResponse<String> added = RestTestClient.bot(simulator).send("PUT", path, null,
                    "X-Audit-Log-Reason", "promoted%20for%20testing");
            assertThat(added.statusCode()).isEqualTo(204);
            assertThat(added.body()).isEmpty();
            JsonNode update = client.awaitDispatch("GUILD_MEMBER_UPDATE").path("d");
            assertThat(update.path("guild_id").asText()).isEqualTo(guild.id());
            assertThat(update.path("user").path("id").asText()).isEqualTo(member.user().id());
            assertThat(update.path("roles").findValuesAsText("")).isEmpty();
            assertThat(update.path("roles").toString()).contains(moderator.id());

            HttpResponse<String> removed = RestTestClient.bot(simulator).send("DELETE", path, null,
                    "X-Audit-Log-Reason", "demoted");
            assertThat(removed.statusCode()).isEqualTo(204);
            JsonNode second = client.awaitDispatch("GUILD_MEMBER_UPDATE").path("d");
            assertThat(second.path("roles").toString()).doesNotContain(moderator.id());
        }

        assertThat(simulator.requests().matching("PUT", MEMBER_ROLE)).singleElement()
                .satisfies(r -> assertThat(r.header("X-Audit-Log-Reason")).contains("promoted%20for%20testing"));
        assertThat(simulator.requests().matching("DELETE", MEMBER_ROLE)).singleElement()
                .satisfies(r -> assertThat(r.header("x-audit-log-reason")).contains("demoted"));
        assertThat(simulator.world().requireGuild(guild.id()).member(member.user().id()).orElseThrow().roleIds())
                .doesNotContain(moderator.id());
    }

    @Test
    void roleRouteAnswersUnknownRole() throws Exception {
        Guild guild = simulator.world().guilds().get(0);
        HttpResponse<String> response = RestTestClient.bot(simulator).send("PUT",
                "/guilds/" + guild.id() + "/members/" + guild.members().get(1).user().id() + "/roles/1", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(GatewayTestClient.MAPPER.readTree(response.body()).path("code").asInt()).isEqualTo(10011);
    }

    @Test
    void unknownRoutesAnswerDiscordsNotFound() throws Exception {
        HttpResponse<String> response = RestTestClient.bot(simulator).get("/no/such/route");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(GatewayTestClient.MAPPER.readTree(response.body()).path("message").asText())
                .isEqualTo("404: Not Found");
    }
}
