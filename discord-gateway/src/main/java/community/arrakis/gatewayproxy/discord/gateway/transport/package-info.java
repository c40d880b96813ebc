/**
 * The WebSocket seam: a {@link community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport}
 * delivers whole (decompressed) gateway messages one at a time and asks for the next only after the
 * previous one was handled, which is how a slow consumer pauses reading. Two of them: Netty's, for
 * the ingestor, which also tells a {@link community.arrakis.gatewayproxy.discord.gateway.transport.ReadBatchHook}
 * where each pass of its reading thread over the sockets begins and ends; and the JDK's, for standalone mode, which keeps sending
 * heartbeats while a listener blocks.
 */
package community.arrakis.gatewayproxy.discord.gateway.transport;
