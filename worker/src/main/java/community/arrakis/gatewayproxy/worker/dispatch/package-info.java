/**
 * Routes each envelope to its handler and runs it safely: Discord's clocks (direct answer, automatic
 * defer, expiry), effect-once through the event ledger, retries with backoff, and the scheduling of
 * work (interactions first, guild events in order per guild). Shared by worker and standalone mode.
 */
package community.arrakis.gatewayproxy.worker.dispatch;
