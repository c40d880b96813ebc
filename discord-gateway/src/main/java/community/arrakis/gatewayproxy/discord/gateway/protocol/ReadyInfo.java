package community.arrakis.gatewayproxy.discord.gateway.protocol;

import java.util.Set;

/**
 * The few READY fields a shard needs; the rest of READY is not read.
 *
 * @param sessionId        {@code session_id}
 * @param resumeGatewayUrl {@code resume_gateway_url}, or null if Discord left it out
 * @param guildIds         ids of the guilds listed in READY (unavailable stubs)
 */
public record ReadyInfo(String sessionId, String resumeGatewayUrl, Set<String> guildIds) {
}
