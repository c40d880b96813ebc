/** Operability shared by every process: health endpoints and Prometheus metrics over HTTP. */
package community.arrakis.gatewayproxy.ops;
