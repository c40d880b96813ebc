/** Operability shared by every process: the status page, health endpoints and Prometheus metrics over HTTP. */
package community.arrakis.gatewayproxy.ops;
