/**
 * Pure functions every module shares, on the JDK alone: the delay before a retry ({@link
 * community.arrakis.gatewayproxy.common.Backoff}) and hiding secrets in text ({@link
 * community.arrakis.gatewayproxy.common.Redaction}). The Discord clients may use them as well as the
 * broker, the ingestor and the worker; the simulator deliberately keeps its own.
 */
package community.arrakis.gatewayproxy.common;
