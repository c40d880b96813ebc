package community.arrakis.gatewayproxy.simulator.rest;

import io.javalin.http.HandlerType;

/**
 * One REST route: its template (Discord's parameter names), whether it wants the bot token, which
 * path parameter is the top-level resource of its rate-limit bucket, and whether the global limit
 * applies (interaction and webhook-token routes are exempt).
 */
public record Route(HandlerType method, String template, boolean botAuth, String majorParameter, boolean globalExempt,
             Handler handler) {
    @FunctionalInterface
    public interface Handler {
        RestResponse handle(RestCall call);
    }

    static Route bot(HandlerType method, String template, String majorParameter, Handler handler) {
        return new Route(method, template, true, majorParameter, false, handler);
    }

    static Route token(HandlerType method, String template, String majorParameter, Handler handler) {
        return new Route(method, template, false, majorParameter, true, handler);
    }

    static Route open(HandlerType method, String template, Handler handler) {
        return new Route(method, template, false, null, false, handler);
    }
}
