/**
 * The ops endpoints of every process, opened the same way for each: the status page with its
 * last warnings and errors (captured from the log, redacted), health and metrics.
 */
package community.arrakis.gatewayproxy.app.ops;
