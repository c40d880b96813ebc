/**
 * Discord REST client: interaction responses and follow-ups, member roles, DMs and
 * {@code GET /gateway/bot}, honouring Discord's rate limits. Knows nothing of brokers.
 */
package community.arrakis.gatewayproxy.discord.rest;
