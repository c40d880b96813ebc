/** What the worker's Redis-backed stores share: running Lua scripts by digest. */
package community.arrakis.gatewayproxy.worker.redis;
