/** What the worker's Redis-backed stores share: a connection that fails fast (its failures as {@code StateUnavailableException}), Lua scripts run by digest. */
package community.arrakis.gatewayproxy.worker.redis;
