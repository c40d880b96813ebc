/**
 * Discord Gateway v10 client: one {@link community.arrakis.gatewayproxy.discord.gateway.GatewayShard}
 * per shard session, reporting dispatches and life-cycle changes to a
 * {@link community.arrakis.gatewayproxy.discord.gateway.GatewayListener}. Knows nothing of brokers.
 */
package community.arrakis.gatewayproxy.discord.gateway;
