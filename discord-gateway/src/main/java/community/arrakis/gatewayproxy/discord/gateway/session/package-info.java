/**
 * A shard's life cycle as a pure state machine: {@link community.arrakis.gatewayproxy.discord.gateway.session.ShardStateMachine}
 * maps (state, event) to (state, actions), with the reconnect delay computed by
 * {@link community.arrakis.gatewayproxy.common.Backoff}; no sockets, threads or clocks.
 */
package community.arrakis.gatewayproxy.discord.gateway.session;
