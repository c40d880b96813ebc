package community.arrakis.gatewayproxy.simulator.rest;

import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.RequestLog;
import community.arrakis.gatewayproxy.simulator.SimulatorClock;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /api/v10}. Every request runs the same script: ban check, bot-token check, injected
 * faults, rate limits, the route's handler, rate-limit headers, invalid-request counting, recording.
 */
public final class RestApi {
    public static final String BASE_PATH = "/api/v10";

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final List<HandlerType> METHODS =
            List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    /**
     * Cloudflare's page for its own rate limit (error 1015), which it serves in front of Discord to an
     * IP it limits or bans: HTML, not Discord's JSON, and no X-RateLimit headers.
     */
    static final String CLOUDFLARE_RATE_LIMITED_PAGE = """
            <!DOCTYPE html>
            <html lang="en-US"><head><title>Access denied | discord.com used Cloudflare to restrict access</title>
            <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /></head>
            <body><div id="cf-wrapper"><h1>Error 1015</h1><h2>You are being rate limited</h2>
            <p>The owner of this website (discord.com) has banned you temporarily from accessing this website.</p>
            </div></body></html>
            """;
    /** Cloudflare's page when it cannot reach Discord's servers. */
    static final String CLOUDFLARE_BAD_GATEWAY_PAGE = """
            <html>
            <head><title>502 Bad Gateway</title></head>
            <body>
            <center><h1>502 Bad Gateway</h1></center>
            <hr><center>cloudflare</center>
            </body>
            </html>
            """;

    private final SimulatorConfig config;
    private final SimulatorClock clock;
    private final RequestLog requestLog;
    private final RateLimiter rateLimiter;
    private final RouteFaults faults;
    private final List<Route> routes = new ArrayList<>();

    public RestApi(SimulatorConfig config, SimulatorClock clock, RequestLog requestLog, RouteFaults faults,
                   List<RouteGroup> groups) {
        this.config = config;
        this.clock = clock;
        this.requestLog = requestLog;
        this.faults = faults;
        this.rateLimiter = new RateLimiter(config.rateLimits(), clock);
        groups.forEach(g -> routes.addAll(g.routes()));
    }

    /** 401, 403 and non-shared 429 answers since the start, the responses Discord counts toward an IP ban. */
    public long invalidRequestsCounted() {
        return rateLimiter.invalidRequestsCounted();
    }

    /** A set of routes that belong together (interactions, guilds, channels, ...). */
    public interface RouteGroup {
        List<Route> routes();
    }

    public void mount(Javalin app) {
        for (Route route : routes) {
            app.addHttpHandler(route.method(), BASE_PATH + route.template(), ctx -> handle(route, ctx));
        }
        for (HandlerType method : METHODS) {
            Route unknown = Route.open(method, "/<unknown>", call -> DiscordError.NOT_FOUND.response());
            app.addHttpHandler(method, BASE_PATH + "/<path>", ctx -> handle(unknown, ctx));
        }
    }

    private void handle(Route route, Context ctx) {
        long receivedNanos = System.nanoTime();
        Instant receivedAt = clock.instant();
        RestCall call = new RestCall(route.method().name(), ctx.path(), route.template(), ctx.pathParamMap(),
                lowerCaseHeaders(ctx), firstQueryValues(ctx), ctx.body(), receivedNanos);
        RestResponse response = answer(route, call);
        write(ctx, response);
        boolean sharedScope = "shared".equals(response.headers().get("X-RateLimit-Scope"));
        if (response.status() == 401 || response.status() == 403 || (response.status() == 429 && !sharedScope)) {
            rateLimiter.countInvalid();
        }
        requestLog.add(new RecordedRequest(call.method(), call.path(), route.template(), call.pathParams(),
                redacted(call.headers()), call.body(), response.status(),
                response.body() == null ? response.html() : Json.write(response.body()), receivedAt, clock.instant()));
        LOG.debug("{} {} -> {}", call.method(), route.template(), response.status());
    }

    private RestResponse answer(Route route, RestCall call) {
        boolean globalExempt = route.globalExempt() || !route.botAuth();
        RateLimiter.Decision decision = rateLimiter.acquire(call.method(), route.template(),
                route.majorParameter() == null ? "" : String.valueOf(call.param(route.majorParameter())),
                globalExempt);
        if (decision instanceof RateLimiter.Decision.Banned banned) {
            ObjectNode body = Json.object().put("message", "You are being blocked from accessing our API temporarily "
                    + "due to exceeding our rate limits frequently.").put("code", 0)
                    .put("retry_after", banned.retryAfterSeconds()).put("global", true);
            return new RestResponse(429, body, banned.headers());
        }
        if (route.botAuth() && !authorized(call)) {
            return DiscordError.UNAUTHORIZED.response();
        }
        Optional<RouteFault> fault = faults.pick(call.method(), route.template(), !globalExempt);
        if (fault.isPresent()) {
            Optional<RestResponse> faulted = applyFault(fault.get());
            if (faulted.isPresent()) {
                return faulted.get();
            }
        }
        if (decision instanceof RateLimiter.Decision.Limited limited) {
            ObjectNode body = Json.object().put("message", "You are being rate limited.")
                    .put("retry_after", Math.round(limited.retryAfterSeconds() * 1000) / 1000.0)
                    .put("global", limited.global());
            return new RestResponse(429, body, limited.headers());
        }
        RestResponse response = safely(route, call);
        Map<String, String> headers = new LinkedHashMap<>(decision.headers());
        headers.putAll(response.headers());
        return new RestResponse(response.status(), response.body(), headers);
    }

    private RestResponse safely(Route route, RestCall call) {
        if (call.jsonBodyIsMalformed()) {
            return DiscordError.invalidFormBody("_errors", "BASE_TYPE_BAD_JSON", "The request body is not valid JSON");
        }
        try {
            return route.handler().handle(call);
        } catch (RuntimeException e) {
            LOG.warn("Route {} {} failed", call.method(), route.template(), e);
            return RestResponse.json(500, Json.object().put("message", "500: Internal Server Error").put("code", 0));
        }
    }

    private Optional<RestResponse> applyFault(RouteFault fault) {
        return switch (fault.kind()) {
            case RATE_LIMITED -> {
                double retryAfter = Math.max(0.001, fault.delay().toMillis() / 1000.0);
                ObjectNode body = Json.object().put("message", "You are being rate limited.")
                        .put("retry_after", retryAfter).put("global", false);
                yield Optional.of(new RestResponse(429, body, Map.of("Retry-After",
                        Long.toString((long) Math.ceil(retryAfter)), "X-RateLimit-Scope", "shared")));
            }
            case GLOBAL_RATE_LIMITED -> {
                double retryAfter = Math.max(0.001, fault.delay().toMillis() / 1000.0);
                ObjectNode body = Json.object().put("message", "You are being rate limited.")
                        .put("retry_after", retryAfter).put("global", true);
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Retry-After", Long.toString((long) Math.ceil(retryAfter)));
                headers.put("X-RateLimit-Global", "true");
                headers.put("X-RateLimit-Scope", "global");
                yield Optional.of(new RestResponse(429, body, headers));
            }
            case HTML_RATE_LIMITED -> Optional.of(RestResponse.html(429, CLOUDFLARE_RATE_LIMITED_PAGE,
                    fault.delay().isZero() ? Map.of()
                            : Map.of("Retry-After", Long.toString((long) Math.ceil(fault.delay().toMillis() / 1000.0)))));
            case HTML_BAD_GATEWAY -> Optional.of(RestResponse.html(502, CLOUDFLARE_BAD_GATEWAY_PAGE, Map.of()));
            case SERVER_ERROR -> Optional.of(RestResponse.json(500,
                    Json.object().put("message", "500: Internal Server Error").put("code", 0)));
            case BAD_GATEWAY -> Optional.of(RestResponse.json(502,
                    Json.object().put("message", "502: Bad Gateway").put("code", 0)));
            case SERVICE_UNAVAILABLE -> Optional.of(RestResponse.json(503,
                    Json.object().put("message", "503: Service Unavailable").put("code", 0)));
            case DELAY -> {
                pause(fault.delay());
                yield Optional.empty();
            }
            case TIMEOUT -> {
                pause(fault.delay().isZero() ? Duration.ofSeconds(30) : fault.delay());
                yield Optional.of(RestResponse.json(504, Json.object().put("message", "504: Gateway Timeout")
                        .put("code", 0)));
            }
        };
    }

    /** Requests run on virtual threads, so holding one back for a delay fault costs nothing. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean authorized(RestCall call) {
        return ("Bot " + config.botToken()).equals(call.headers().get("authorization"));
    }

    private static void write(Context ctx, RestResponse response) {
        ctx.status(response.status());
        response.headers().forEach(ctx::header);
        if (response.body() != null) {
            ctx.contentType("application/json");
            ctx.result(Json.write(response.body()));
        } else if (response.html() != null) {
            ctx.contentType("text/html; charset=UTF-8");
            ctx.result(response.html());
        } else {
            ctx.res().setContentType(null);
            ctx.result(new byte[0]);
        }
    }

    private static Map<String, String> lowerCaseHeaders(Context ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        return headers;
    }

    private static Map<String, String> firstQueryValues(Context ctx) {
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        return query;
    }

    private static Map<String, String> redacted(Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.computeIfPresent("authorization", (k, v) -> {
            int space = v.indexOf(' ');
            return (space > 0 ? v.substring(0, space + 1) : "") + "[redacted]";
        });
        return copy;
    }
}
