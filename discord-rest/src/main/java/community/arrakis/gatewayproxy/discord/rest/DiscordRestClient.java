package community.arrakis.gatewayproxy.discord.rest;

import java.net.URI;
import java.time.Duration;

/**
 * The one place that talks to Discord's REST API. Blocking calls, meant for virtual threads.
 * Bodies are JSON strings built by the caller.
 *
 * <p>SKELETON: the signatures are the contract other modules code against; the implementation is
 * being written.
 */
public final class DiscordRestClient implements AutoCloseable {

    private DiscordRestClient() {
    }

    /** @param apiBase e.g. {@code https://discord.com/api/v10} or a simulator's {@code http://127.0.0.1:P/api/v10} */
    public static Builder builder(URI apiBase) {
        return new Builder(apiBase);
    }

    /** {@code GET /gateway/bot}; needs the bot token. */
    public GatewayBot gatewayBot() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@code POST /interactions/{id}/{token}/callback}; no bot token needed. */
    public void createInteractionResponse(String interactionId, String interactionToken, String json) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@code POST /webhooks/{application}/{token}}; returns the created message JSON. */
    public String createFollowupMessage(String applicationId, String interactionToken, String json) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@code PATCH /webhooks/{application}/{token}/messages/@original}; returns the message JSON. */
    public String editOriginalResponse(String applicationId, String interactionToken, String json) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@code DELETE /webhooks/{application}/{token}/messages/@original}. */
    public void deleteOriginalResponse(String applicationId, String interactionToken) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@code PUT /guilds/{guild}/members/{user}/roles/{role}}; reason may be null. */
    public void addGuildMemberRole(String guildId, String userId, String roleId, String auditLogReason) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@code DELETE /guilds/{guild}/members/{user}/roles/{role}}; reason may be null. */
    public void removeGuildMemberRole(String guildId, String userId, String roleId, String auditLogReason) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@code POST /users/@me/channels}; returns the DM channel id. */
    public String createDmChannel(String recipientId) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@code POST /channels/{channel}/messages}; returns the message JSON. */
    public String createMessage(String channelId, String json) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public void close() {
    }

    /** Options with named defaults. */
    public static final class Builder {
        private final URI apiBase;
        private String botToken;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxAttempts = 3;

        private Builder(URI apiBase) {
            this.apiBase = apiBase;
        }

        /** The bare bot token; optional for a client that only answers interactions. */
        public Builder botToken(String token) {
            this.botToken = token;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Attempts per call for retryable failures (429, 5xx, timeouts), first one included. */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        public DiscordRestClient build() {
            return new DiscordRestClient();
        }
    }
}
