/**
 * The WebSocket seam: a {@link community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport}
 * delivers whole (decompressed) gateway messages one at a time and asks for the next only after the
 * previous one was handled, which is how a slow consumer pauses reading.
 */
package community.arrakis.gatewayproxy.discord.gateway.transport;
