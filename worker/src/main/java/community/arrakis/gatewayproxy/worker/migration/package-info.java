/**
 * Moving a live bot from standalone mode to the proxy and back (docs/migration.md): guild canaries
 * ({@link community.arrakis.gatewayproxy.worker.migration.CanaryPolicy}, read by both sides from
 * Redis), one owner per event while the canary set changes
 * ({@link community.arrakis.gatewayproxy.worker.migration.CanaryGate}), and the shadow run: every
 * Discord write recorded by both sides ({@link community.arrakis.gatewayproxy.worker.migration.RecordingWriteTap})
 * and compared ({@link community.arrakis.gatewayproxy.worker.migration.ShadowComparison}).
 */
package community.arrakis.gatewayproxy.worker.migration;
