/**
 * Shared state behind one interface: cooldowns and sessions for handlers, and the event ledger that
 * makes every event take effect once; in memory for standalone mode, in Redis for workers.
 */
package community.arrakis.gatewayproxy.worker.state;
