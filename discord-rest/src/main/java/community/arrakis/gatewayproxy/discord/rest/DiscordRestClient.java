package community.arrakis.gatewayproxy.discord.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.InMemoryRateLimitStore;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimitHeaders;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimitStore;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimiter;
import community.arrakis.gatewayproxy.discord.rest.route.CompiledRoute;
import community.arrakis.gatewayproxy.discord.rest.route.Route;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that talks to Discord's REST API. Blocking calls, meant for virtual threads.
 * Bodies are JSON strings built by the caller.
 *
 * <p>Every call goes through the same script ({@link #execute}): refuse if the invalid-request
 * budget is spent; wait for a slot in the route's bucket, then in the global limit, then for an IP
 * block to end; send; learn from the rate-limit headers; then return, retry (429 after
 * {@code retry_after}, 5xx, refused connections and timeouts after a short backoff, up to
 * {@code maxAttempts}) or throw a {@link DiscordRestException} that names the route template, never
 * the path (paths of interaction and webhook routes carry tokens).
 *
 * <p>Answers that are not Discord's: an HTML 429 (Cloudflare limiting the IP) blocks every route
 * for its {@code Retry-After} or 2 s, then one request probes (see {@link RateLimiter}); an HTML 5xx
 * is a 5xx like any other. A call with a {@link CallDeadline} never starts an attempt, nor a wait,
 * that its deadline would not allow: it fails with {@link SendDeadlinePassedException} instead.
 */
public final class DiscordRestClient implements AutoCloseable {

    /** Discord asks bots to identify as {@code DiscordBot ($url, $version)}. */
    public static final String USER_AGENT = "DiscordBot (https://github.com/arrakis-community/gateway-proxy, 0.1)";

    /** Waits before retrying a 5xx, a timeout or a refused connection: 250 ms doubling to 5 s, equal jitter. */
    public static final Backoff RETRY_BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5),
            Backoff.Jitter.EQUAL);

    private static final Logger log = LoggerFactory.getLogger(DiscordRestClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits; injectable so tests can observe waits without sleeping. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String apiBase;
    private final String botToken;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration maxRateLimitWait;
    private final HttpClient http;
    private final boolean ownsHttp;
    private final RateLimiter limiter;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final Clock clock;
    private final ResponseListener responses;
    private final WriteTap writes;

    private DiscordRestClient(Builder b) {
        String base = b.apiBase.toString();
        this.apiBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.botToken = b.botToken;
        this.requestTimeout = b.requestTimeout;
        this.maxAttempts = b.maxAttempts;
        this.maxRateLimitWait = b.maxRateLimitWait;
        this.ownsHttp = b.httpClient == null;
        // Over plain http (a local simulator) the JDK would try an h2c upgrade on every new
        // connection; Discord itself negotiates HTTP/2 over TLS.
        this.http = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.requestTimeout)
                        .version("http".equals(b.apiBase.getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                        .build();
        this.limiter = new RateLimiter(b.rateLimitStore, b.clock, b.globalRequestsPerSecond, b.invalidRequestLimit);
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.clock = b.clock;
        this.responses = b.responses;
        this.writes = b.writes;
    }

    /** @param apiBase e.g. {@code https://discord.com/api/v10} or a simulator's {@code http://127.0.0.1:P/api/v10} */
    public static Builder builder(URI apiBase) {
        return new Builder(apiBase);
    }

    /** {@code GET /gateway/bot}; needs the bot token. */
    public GatewayBot gatewayBot() {
        CompiledRoute route = Route.GET_GATEWAY_BOT.compile();
        JsonNode body = parse(route, execute(route, null, null));
        JsonNode limit = body.path("session_start_limit");
        String url = body.path("url").asText(null);
        if (url == null) {
            throw new DiscordRestException(route + " answered without a url", 200, 0, route.toString(), false);
        }
        return new GatewayBot(URI.create(url), body.path("shards").asInt(1),
                new GatewayBot.SessionStartLimit(limit.path("total").asInt(), limit.path("remaining").asInt(),
                        limit.path("reset_after").asLong(), Math.max(1, limit.path("max_concurrency").asInt(1))));
    }

    /** {@code POST /interactions/{id}/{token}/callback}; no bot token needed. */
    public void createInteractionResponse(String interactionId, String interactionToken, String json) {
        createInteractionResponse(interactionId, interactionToken, json, null);
    }

    /**
     * {@code POST /interactions/{id}/{token}/callback} within a deadline (an interaction's first
     * answer must reach Discord within 3 s of its creation): no attempt is sent after it.
     *
     * @param deadline null for none
     * @throws SendDeadlinePassedException when the deadline stopped the call before an answer came
     */
    public void createInteractionResponse(String interactionId, String interactionToken, String json,
                                          CallDeadline deadline) {
        execute(Route.CREATE_INTERACTION_RESPONSE.compile(interactionId, interactionToken), json, null, deadline);
    }

    /** {@code POST /webhooks/{application}/{token}}; returns the created message JSON. */
    public String createFollowupMessage(String applicationId, String interactionToken, String json) {
        return execute(Route.CREATE_FOLLOWUP_MESSAGE.compile(applicationId, interactionToken), json, null);
    }

    /** {@code PATCH /webhooks/{application}/{token}/messages/@original}; returns the message JSON. */
    public String editOriginalResponse(String applicationId, String interactionToken, String json) {
        return execute(Route.EDIT_ORIGINAL_RESPONSE.compile(applicationId, interactionToken), json, null);
    }

    /** {@code DELETE /webhooks/{application}/{token}/messages/@original}. */
    public void deleteOriginalResponse(String applicationId, String interactionToken) {
        execute(Route.DELETE_ORIGINAL_RESPONSE.compile(applicationId, interactionToken), null, null);
    }

    /** {@code PUT /guilds/{guild}/members/{user}/roles/{role}}; reason may be null. */
    public void addGuildMemberRole(String guildId, String userId, String roleId, String auditLogReason) {
        execute(Route.ADD_GUILD_MEMBER_ROLE.compile(guildId, userId, roleId), null, auditLogReason);
    }

    /** {@code DELETE /guilds/{guild}/members/{user}/roles/{role}}; reason may be null. */
    public void removeGuildMemberRole(String guildId, String userId, String roleId, String auditLogReason) {
        execute(Route.REMOVE_GUILD_MEMBER_ROLE.compile(guildId, userId, roleId), null, auditLogReason);
    }

    /** {@code POST /users/@me/channels}; returns the DM channel id. */
    public String createDmChannel(String recipientId) {
        CompiledRoute route = Route.CREATE_DM.compile();
        String body;
        try {
            body = JSON.writeValueAsString(java.util.Map.of("recipient_id", recipientId));
        } catch (IOException e) {
            throw new DiscordRestException("could not build the request body", route.toString(), e);
        }
        String id = parse(route, execute(route, body, null)).path("id").asText(null);
        if (id == null) {
            throw new DiscordRestException(route + " answered without a channel id", 200, 0, route.toString(), false);
        }
        return id;
    }

    /** {@code POST /channels/{channel}/messages}; returns the message JSON. */
    public String createMessage(String channelId, String json) {
        return execute(Route.CREATE_MESSAGE.compile(channelId), json, null);
    }

    /**
     * Sends any compiled route through the rate limiter, for endpoints without a method here.
     *
     * @return the response body, or null for 204
     */
    public String execute(CompiledRoute route, String jsonBody, String auditLogReason) {
        return execute(route, jsonBody, auditLogReason, null);
    }

    /**
     * As {@link #execute(CompiledRoute, String, String)}, within a deadline: no attempt starts, and no
     * wait is begun, that the deadline would not allow (see {@link CallDeadline}).
     *
     * @param deadline null for none
     * @throws SendDeadlinePassedException when the deadline stopped the call before an answer came
     */
    public String execute(CompiledRoute route, String jsonBody, String auditLogReason, CallDeadline deadline) {
        if (writes == WriteTap.NONE || "GET".equals(route.route().method())) {
            return send(route, jsonBody, auditLogReason, deadline);
        }
        java.util.Optional<String> instead = writes.instead(route, jsonBody);
        if (instead.isPresent()) {
            return instead.get().isEmpty() ? null : instead.get();
        }
        long start = System.nanoTime();
        int status = ResponseListener.NO_ANSWER;
        try {
            String body = send(route, jsonBody, auditLogReason, deadline);
            status = body == null ? 204 : 200;
            return body;
        } catch (DiscordRestException e) {
            status = e.status();
            throw e;
        } finally {
            writes.sent(route, jsonBody, status, System.nanoTime() - start);
        }
    }

    private String send(CompiledRoute route, String jsonBody, String auditLogReason, CallDeadline deadline) {
        String name = route.toString();
        if (route.route().needsBotToken() && botToken == null) {
            throw new DiscordRestException(name + " needs a bot token, but this client was built without one"
                    + " (DiscordRestClient.Builder.botToken)", 0, 0, name, false);
        }
        HttpRequest request = request(route, jsonBody, auditLogReason,
                deadline == null || deadline.attemptTimeout().compareTo(requestTimeout) >= 0 ? requestTimeout
                        : deadline.attemptTimeout());
        Attempts attempts = new Attempts(route, deadline);
        for (int attempt = 1; ; attempt++) {
            if (limiter.invalidRequestBudgetExhausted()) {
                throw new InvalidRequestBudgetExceededException(name, limiter.invalidRequestCount(),
                        limiter.invalidRequestLimit());
            }
            waitFor(attempts, Limit.BUCKET);
            waitFor(attempts, Limit.GLOBAL);
            waitFor(attempts, Limit.IP); // last: a probe after an IP block should go at once
            attempts.requireAttemptAllowed();
            Instant sentAt = clock.instant();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // refused, reset, timed out: retryable; nothing was learnt about Discord's limits
                String what = e instanceof HttpTimeoutException ? "timed out" : "failed: " + e;
                attempts.failed(0, e);
                tell(route, ResponseListener.NO_ANSWER);
                if (attempt >= maxAttempts) {
                    throw new DiscordRestException(name + " " + what + " (attempt " + attempt + " of " + maxAttempts + ")", name, e);
                }
                log.info("{} {}; retrying (attempt {} of {})", name, what, attempt + 1, maxAttempts);
                attempts.pause(retryDelay(attempt), "the retry after a failed attempt");
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DiscordRestException(name + " interrupted", name, e);
            }
            int status = response.statusCode();
            tell(route, status);
            RateLimitHeaders headers = RateLimitHeaders.parse(response.headers()::firstValue);
            JsonNode error = status >= 400 ? errorBody(response.body()) : null;
            Duration retryAfter;
            boolean ipRateLimited = RateLimiter.isIpRateLimit(status, headers, error != null);
            if (ipRateLimited) {
                // Cloudflare's HTML page, not Discord: the whole IP waits (waitFor honours it), then one probe
                retryAfter = limiter.onIpRateLimited(headers);
                log.warn("{} answered 429 without Discord's JSON (a limit on the IP, in front of Discord): "
                        + "nothing is sent for {} ms", name, retryAfter.toMillis());
            } else {
                limiter.onAnswered(sentAt);
                retryAfter = limiter.onResponse(route, status, headers,
                        error != null && error.has("retry_after") ? seconds(error.path("retry_after").asDouble()) : null,
                        error != null && error.path("global").asBoolean(false));
            }
            if (status >= 200 && status < 300) {
                return status == 204 || response.body().isEmpty() ? null : response.body();
            }
            boolean retryable = status == 429 || status >= 500;
            attempts.failed(status, null);
            if (retryable && attempt < maxAttempts && retryAfter.compareTo(maxRateLimitWait) <= 0) {
                if (status == 429 && !ipRateLimited) {
                    log.warn("{} rate limited (scope {}); retrying after {} ms", name,
                            headers.scope().orElse(headers.global() ? "global" : "route"), retryAfter.toMillis());
                    // The bucket or the global block holds the wait for every caller, but a success of a
                    // request sent before this 429 may update the bucket after it: this retry waits its
                    // retry_after itself, and waitFor then finds the limit over.
                    attempts.pause(retryAfter, "the retry_after of a 429");
                } else if (status != 429) {
                    log.info("{} answered {}; retrying (attempt {} of {})", name, status, attempt + 1, maxAttempts);
                    attempts.pause(retryDelay(attempt), "the retry after a " + status);
                }
                continue;
            }
            if (status == 401 && route.route().needsBotToken()) {
                throw new BotTokenRejectedException(name);
            }
            throw failure(name, status, error, retryable);
        }
    }

    private void tell(CompiledRoute route, int status) {
        try {
            responses.answered(route.route(), status);
        } catch (RuntimeException e) {
            log.debug("the response listener failed on {} {}: {}", route, status, e.toString());
        }
    }

    private HttpRequest request(CompiledRoute route, String jsonBody, String auditLogReason, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiBase + route.path()))
                .timeout(timeout)
                .header("User-Agent", USER_AGENT);
        if (route.route().needsBotToken()) {
            b.header("Authorization", "Bot " + botToken);
        }
        if (auditLogReason != null && !auditLogReason.isBlank()) {
            b.header("X-Audit-Log-Reason", URLEncoder.encode(auditLogReason, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
            b.method(route.route().method(), HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        } else {
            b.method(route.route().method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    /** What may hold a request back before it is sent. */
    private enum Limit { BUCKET, GLOBAL, IP }

    /** Waits until {@code limit} lets the request go. */
    private void waitFor(Attempts attempts, Limit limit) {
        CompiledRoute route = attempts.route;
        while (true) {
            Duration wait = switch (limit) {
                case BUCKET -> limiter.tryAcquireBucket(route);
                case GLOBAL -> limiter.tryAcquireGlobal(route);
                case IP -> limiter.tryPassIpBlock();
            };
            if (wait.isZero() || wait.isNegative()) {
                return;
            }
            if (wait.compareTo(maxRateLimitWait) > 0) {
                throw new DiscordRestException(route + " is rate limited for another " + wait.toMillis()
                        + " ms, longer than maxRateLimitWait (" + maxRateLimitWait.toMillis() + " ms)",
                        429, 0, route.toString(), true);
            }
            log.debug("{} waits {} ms for the {} rate limit", route, wait.toMillis(), limit.name().toLowerCase(java.util.Locale.ROOT));
            attempts.pause(wait, "the " + limit.name().toLowerCase(java.util.Locale.ROOT) + " rate limit");
        }
    }

    /** One call's tries against its deadline (if any): what failed last, and whether there is time to wait and try again. */
    private final class Attempts {
        private final CompiledRoute route;
        private final CallDeadline deadline;
        private int lastStatus;
        private Throwable lastFailure;

        Attempts(CompiledRoute route, CallDeadline deadline) {
            this.route = route;
            this.deadline = deadline;
        }

        void failed(int status, Throwable failure) {
            lastStatus = status;
            lastFailure = failure;
        }

        void requireAttemptAllowed() {
            if (deadline != null && !deadline.allowsAttemptAt(clock.instant())) {
                throw passed("its deadline passed before the attempt could start");
            }
        }

        /** Waits, unless the wait would end past the deadline: then the call is over. */
        void pause(Duration duration, String what) {
            if (deadline != null && !deadline.allowsWait(clock.instant(), duration)) {
                throw passed("waiting " + duration.toMillis() + " ms for " + what + " would end past its deadline");
            }
            try {
                sleeper.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DiscordRestException(route + " interrupted while waiting", route.toString(), e);
            }
        }

        private SendDeadlinePassedException passed(String why) {
            return new SendDeadlinePassedException(route + " not sent: " + why
                    + (lastStatus != 0 ? " (last answer " + lastStatus + ")"
                    : lastFailure != null ? " (last attempt failed: " + lastFailure.getClass().getSimpleName() + ")" : ""),
                    lastStatus, route.toString(), lastFailure);
        }
    }

    private Duration retryDelay(int attempt) {
        return RETRY_BACKOFF.delay(attempt, random);
    }

    private static DiscordRestException failure(String route, int status, JsonNode error, boolean retryable) {
        int code = error == null ? 0 : error.path("code").asInt(0);
        String message = error == null ? "" : error.path("message").asText("");
        return new DiscordRestException(route + " failed: " + status + (message.isEmpty() ? "" : " " + message)
                + (code != 0 ? " (code " + code + ")" : ""), status, code, route, retryable);
    }

    private static JsonNode errorBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null; // an HTML error page from a proxy: the status says enough
        }
    }

    private static JsonNode parse(CompiledRoute route, String body) {
        try {
            JsonNode node = body == null ? null : JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new DiscordRestException(route + " answered with no JSON object", 200, 0, route.toString(), false);
            }
            return node;
        } catch (IOException e) {
            throw new DiscordRestException(route + " answered with invalid JSON", route.toString(), e);
        }
    }

    private static Duration seconds(double value) {
        return Duration.ofMillis((long) Math.ceil(Math.max(0, value) * 1000));
    }

    @Override
    public void close() {
        if (ownsHttp) {
            http.close();
        }
    }

    /** Options with named defaults. */
    public static final class Builder {
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
        public static final int DEFAULT_MAX_ATTEMPTS = 3;
        public static final Duration DEFAULT_MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(60);

        private final URI apiBase;
        private String botToken;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration maxRateLimitWait = DEFAULT_MAX_RATE_LIMIT_WAIT;
        private RateLimitStore rateLimitStore;
        private int globalRequestsPerSecond = RateLimiter.DEFAULT_GLOBAL_PER_SECOND;
        private int invalidRequestLimit = RateLimiter.DEFAULT_INVALID_REQUEST_LIMIT;
        private HttpClient httpClient;
        private WriteTap writes = WriteTap.NONE;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = d -> Thread.sleep(d);
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private ResponseListener responses = ResponseListener.NONE;

        private Builder(URI apiBase) {
            this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
            String scheme = apiBase.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("apiBase must be an http(s) URL such as https://discord.com/api/v10, was "
                        + apiBase);
            }
        }

        /** The bare bot token; optional for a client that only answers interactions. */
        public Builder botToken(String token) {
            if (token != null && token.startsWith("Bot ")) {
                throw new IllegalArgumentException("botToken takes the bare token, without the \"Bot \" prefix");
            }
            this.botToken = token == null || token.isBlank() ? null : token;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be a positive duration, was " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** Attempts per call for retryable failures (429, 5xx, timeouts), first one included. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** Where bucket state lives; default a new {@link InMemoryRateLimitStore} (this client only). */
        public Builder rateLimitStore(RateLimitStore store) {
            this.rateLimitStore = Objects.requireNonNull(store, "rateLimitStore");
            return this;
        }

        /** Global requests per second for this bot; default 50. */
        public Builder globalRequestsPerSecond(int perSecond) {
            if (perSecond < 1) {
                throw new IllegalArgumentException("globalRequestsPerSecond must be at least 1, was " + perSecond);
            }
            this.globalRequestsPerSecond = perSecond;
            return this;
        }

        /** 401/403/429 responses per 10 minutes after which calls are refused; default 2,500 (Discord bans at 10,000). */
        public Builder invalidRequestLimit(int limit) {
            if (limit < 1 || limit >= 10_000) {
                throw new IllegalArgumentException("invalidRequestLimit must be within 1..9999, was " + limit);
            }
            this.invalidRequestLimit = limit;
            return this;
        }

        /** A call fails at once instead of waiting longer than this for a rate limit; default 60 s. */
        public Builder maxRateLimitWait(Duration wait) {
            if (wait == null || wait.isNegative()) {
                throw new IllegalArgumentException("maxRateLimitWait must not be negative, was " + wait);
            }
            this.maxRateLimitWait = wait;
            return this;
        }

        /** Share an HttpClient (the caller closes it); default one per client. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        public Builder clock(Clock wallClock) {
            this.clock = Objects.requireNonNull(wallClock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper waiter) {
            this.sleeper = Objects.requireNonNull(waiter, "sleeper");
            return this;
        }

        /** Uniform numbers in [0, 1) for retry jitter. */
        public Builder random(DoubleSupplier uniform) {
            this.random = Objects.requireNonNull(uniform, "random");
            return this;
        }

        /** Told of every attempt's answer, retried ones included (metrics); default none. */
        public Builder responseListener(ResponseListener listener) {
            this.responses = Objects.requireNonNull(listener, "responseListener");
            return this;
        }

        /** Sees every write, to record it or to record it instead of sending it (see {@link WriteTap}); default none. */
        public Builder writeTap(WriteTap tap) {
            this.writes = Objects.requireNonNull(tap, "writeTap");
            return this;
        }

        public DiscordRestClient build() {
            if (rateLimitStore == null) {
                rateLimitStore = new InMemoryRateLimitStore();
            }
            return new DiscordRestClient(this);
        }
    }
}
