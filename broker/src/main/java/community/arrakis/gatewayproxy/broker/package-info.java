/**
 * RabbitMQ: declaring the topology, publishing with confirms (its life cycle in {@code publish}),
 * consuming with manual acks, and gathering one thread's publishes into one socket write
 * ({@link community.arrakis.gatewayproxy.broker.WriteBatching}).
 */
package community.arrakis.gatewayproxy.broker;
