package community.arrakis.gatewayproxy.discord.rest;

import java.net.URI;

/** The answer of {@code GET /gateway/bot}. */
public record GatewayBot(URI url, int shards, SessionStartLimit sessionStartLimit) {

    /** How many identifies are left, when they reset, and how many may run per 5 s. */
    public record SessionStartLimit(int total, int remaining, long resetAfterMillis, int maxConcurrency) {
    }
}
