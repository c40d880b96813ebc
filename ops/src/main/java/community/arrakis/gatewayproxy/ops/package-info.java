/**
 * Operability shared by every process: the status page, health endpoints and Prometheus metrics over
 * HTTP, and the {@link community.arrakis.gatewayproxy.ops.Sleeper} through which the ingestor and the worker wait.
 */
package community.arrakis.gatewayproxy.ops;
