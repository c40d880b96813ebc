package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import community.arrakis.gatewayproxy.simulator.rest.RouteFault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitIT {
    @Test
    void routeBucketCountsDownAndAnswers429WithRetryAfter() throws Exception {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults())) {
            RestTestClient bot = RestTestClient.bot(simulator);
            String path = "/guilds/" + simulator.world().guilds().get(0).id();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                responses.add(bot.get(path));
            }

            assertThat(responses.subList(0, 5)).extracting(r -> r.headers().firstValue("X-RateLimit-Remaining").orElseThrow())
                    .containsExactly("4", "3", "2", "1", "0");
            assertThat(responses.get(0).headers().firstValue("X-RateLimit-Limit")).contains("5");
            assertThat(responses.get(0).headers().firstValue("X-RateLimit-Reset-After")).isPresent();
            assertThat(responses.get(0).headers().firstValue("X-RateLimit-Reset")).isPresent();
            HttpResponse<String> limited = responses.get(5);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("X-RateLimit-Scope")).contains("user");
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            JsonNode body = GatewayTestClient.MAPPER.readTree(limited.body());
            assertThat(body.path("retry_after").asDouble()).isBetween(0.0, 5.0);
            assertThat(body.path("global").asBoolean()).isFalse();

            String otherGuild = "/guilds/" + simulator.world().guilds().get(1).id();
            HttpResponse<String> otherBucket = bot.get(otherGuild);
            assertThat(otherBucket.statusCode()).isEqualTo(200);
            assertThat(otherBucket.headers().firstValue("X-RateLimit-Bucket"))
                    .isEqualTo(responses.get(0).headers().firstValue("X-RateLimit-Bucket"));
        }
    }

    @Test
    void globalLimitAppliesAcrossRoutesButNotToInteractions() throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults()
                .withRateLimits(RateLimitConfig.defaults().withGlobalPerSecond(2).withRouteLimit(100, Duration.ofSeconds(5)));
        try (DiscordSimulator simulator = DiscordSimulator.start(config)) {
            RestTestClient bot = RestTestClient.bot(simulator);
            simulator.clock().advance(Duration.ZERO);
            bot.get("/users/@me");
            bot.get("/gateway/bot");
            HttpResponse<String> third = bot.get("/applications/@me");
            Guild guild = simulator.world().guilds().get(0);
            EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), guild.members().get(1).user().id(), "ping");
            HttpResponse<String> callback = bot.post("/interactions/" + ping.id() + "/" + ping.token() + "/callback",
                    "{\"type\":5}");

            if (third.statusCode() == 429) {
                assertThat(third.headers().firstValue("X-RateLimit-Global")).contains("true");
                assertThat(GatewayTestClient.MAPPER.readTree(third.body()).path("global").asBoolean()).isTrue();
            } else {
                // The three calls straddled a second boundary; the window then holds at most two of them.
                assertThat(simulator.requests().all()).hasSizeGreaterThanOrEqualTo(3);
            }
            assertThat(callback.statusCode()).isEqualTo(204);
        }
    }

    @Test
    void tooManyInvalidRequestsBanTemporarily() throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults().withRateLimits(RateLimitConfig.defaults()
                .withInvalidRequestLimit(3, Duration.ofMinutes(10), Duration.ofMinutes(1)));
        try (DiscordSimulator simulator = DiscordSimulator.start(config)) {
            RestTestClient anonymous = RestTestClient.anonymous(simulator);
            for (int i = 0; i < 3; i++) {
                assertThat(anonymous.get("/users/@me").statusCode()).isEqualTo(401);
            }

            HttpResponse<String> banned = RestTestClient.bot(simulator).get("/users/@me");

            assertThat(banned.statusCode()).isEqualTo(429);
            assertThat(banned.headers().firstValue("Retry-After")).isPresent();
            simulator.clock().advance(Duration.ofMinutes(2));
            assertThat(RestTestClient.bot(simulator).get("/users/@me").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void injectedRouteFaultsReplaceTheAnswer() {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults())) {
            simulator.faults().failRoute(RouteFault.always("GET", "/users/@me", RouteFault.Kind.SERVICE_UNAVAILABLE));
            simulator.faults().failRoute(new RouteFault("GET", "/gateway/bot", RouteFault.Kind.DELAY, 1.0,
                    Duration.ofMillis(300)));
            RestTestClient bot = RestTestClient.bot(simulator);

            assertThat(bot.get("/users/@me").statusCode()).isEqualTo(503);
            long start = System.nanoTime();
            assertThat(bot.get("/gateway/bot").statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            simulator.faults().clearRouteFaults();
            assertThat(bot.get("/users/@me").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void globalFaultLooksLikeDiscordsGlobalLimitAndSparesExemptRoutes() throws Exception {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults())) {
            simulator.faults().failRoute(new RouteFault("*", "*", RouteFault.Kind.GLOBAL_RATE_LIMITED, 1.0,
                    Duration.ofMillis(1250)));
            RestTestClient bot = RestTestClient.bot(simulator);
            Guild guild = simulator.world().guilds().get(0);
            EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), guild.members().get(1).user().id(), "ping");

            HttpResponse<String> limited = bot.get("/users/@me");
            HttpResponse<String> callback = bot.post("/interactions/" + ping.id() + "/" + ping.token() + "/callback",
                    "{\"type\":5}");

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("X-RateLimit-Global")).contains("true");
            assertThat(limited.headers().firstValue("X-RateLimit-Scope")).contains("global");
            assertThat(limited.headers().firstValue("Retry-After")).contains("2");
            assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode body = GatewayTestClient.MAPPER.readTree(limited.body());
            assertThat(body.path("message").asText()).isEqualTo("You are being rate limited.");
            assertThat(body.path("retry_after").asDouble()).isEqualTo(1.25);
            assertThat(body.path("global").asBoolean()).isTrue();
            assertThat(callback.statusCode()).as("interaction routes are exempt from the global limit").isEqualTo(204);
            assertThat(simulator.invalidRequestsCounted()).isEqualTo(1);
        }
    }

    @Test
    void cloudflareFaultsAnswerHtmlWithoutRateLimitHeaders() {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults())) {
            simulator.faults().failRoute(RouteFault.always("GET", "/users/@me", RouteFault.Kind.HTML_RATE_LIMITED));
            simulator.faults().failRoute(new RouteFault("GET", "/gateway/bot", RouteFault.Kind.HTML_RATE_LIMITED, 1.0,
                    Duration.ofSeconds(3)));
            simulator.faults().failRoute(RouteFault.always("GET", "/applications/@me", RouteFault.Kind.HTML_BAD_GATEWAY));
            RestTestClient bot = RestTestClient.bot(simulator);

            HttpResponse<String> limited = bot.get("/users/@me");
            HttpResponse<String> limitedWithRetryAfter = bot.get("/gateway/bot");
            HttpResponse<String> badGateway = bot.get("/applications/@me");

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(limited.body()).startsWith("<!DOCTYPE html>").contains("Error 1015");
            assertThat(limited.headers().map().keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-ratelimit"));
            assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
            assertThat(limitedWithRetryAfter.headers().firstValue("Retry-After")).contains("3");
            assertThat(badGateway.statusCode()).isEqualTo(502);
            assertThat(badGateway.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
            assertThat(badGateway.body()).contains("502 Bad Gateway");
            assertThat(simulator.requests().matching("GET", "/users/@me").get(0).responseBody()).contains("Error 1015");
            assertThat(simulator.invalidRequestsCounted()).as("both 429s; the 502 does not count").isEqualTo(2);
        }
    }
}
