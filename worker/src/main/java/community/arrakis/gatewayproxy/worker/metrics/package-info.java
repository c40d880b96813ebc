/** The worker's meters: every name in one place, recorded through Micrometer. */
package community.arrakis.gatewayproxy.worker.metrics;
