/**
 * The status page: a small model each process fills ({@link community.arrakis.gatewayproxy.ops.status.StatusSnapshot}
 * through a {@link community.arrakis.gatewayproxy.ops.status.StatusSource}), the verdict drawn from it, and its
 * renderings as HTML for people and JSON for scripts.
 */
package community.arrakis.gatewayproxy.ops.status;
