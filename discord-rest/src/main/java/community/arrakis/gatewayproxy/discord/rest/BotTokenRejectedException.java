package community.arrakis.gatewayproxy.discord.rest;

/**
 * Discord answered 401 to a route that authenticates with the bot token: the token is wrong,
 * reset or revoked. No retry can help, and every further call with it counts toward Discord's
 * invalid-request limit, so a process should stop and say which setting holds the token. The
 * message names the route template, never the token.
 */
public final class BotTokenRejectedException extends DiscordRestException {

    public BotTokenRejectedException(String route) {
        super("Discord refused the bot token: " + route + " answered 401 Unauthorized", 401, 0, route, false);
    }
}
