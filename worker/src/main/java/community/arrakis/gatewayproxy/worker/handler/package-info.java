/**
 * The API a bot developer writes handlers against: a {@link community.arrakis.gatewayproxy.worker.handler.Handlers}
 * registry and the contexts handlers receive; the same handlers run in worker and standalone mode.
 */
package community.arrakis.gatewayproxy.worker.handler;
