package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.discord.rest.BotTokenRejectedException;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestException;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Discord once, before a worker starts, whether it accepts the bot token ({@code GET
 * /gateway/bot}, the call the ingestor starts with). A worker needs the token only for its
 * handlers' REST calls, so without this check a wrong token would surface as every guild event
 * dead-lettered with a 401; a refused token stops the start instead. When Discord cannot be asked
 * (unreachable, rate limited) the worker starts anyway: it does not otherwise need Discord to start.
 */
final class BotTokenCheck {

    private static final Logger log = LoggerFactory.getLogger(BotTokenCheck.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private BotTokenCheck() {
    }

    /** @throws BotTokenRejectedException when Discord answers 401 */
    static void requireAccepted(URI apiUrl, String token) {
        try (DiscordRestClient rest = DiscordRestClient.builder(apiUrl).botToken(token)
                .requestTimeout(TIMEOUT).maxAttempts(1).build()) {
            rest.gatewayBot();
        } catch (BotTokenRejectedException e) {
            throw e;
        } catch (DiscordRestException e) {
            log.warn("could not check the bot token with Discord ({}); starting anyway", e.getMessage());
        }
    }
}
