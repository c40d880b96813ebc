/**
 * Standalone mode's event source: envelopes from the in-process gateway go straight to the same
 * dispatcher, with in-memory state, without RabbitMQ or Redis.
 */
package community.arrakis.gatewayproxy.worker.local;
