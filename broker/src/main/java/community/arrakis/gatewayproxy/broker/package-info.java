/**
 * RabbitMQ: declaring the topology, publishing with confirms (its life cycle in {@code publish}),
 * consuming with manual acks, gathering one thread's publishes into one socket write
 * ({@link community.arrakis.gatewayproxy.broker.WriteBatching}), and reading the queues' depths for the
 * status page ({@link community.arrakis.gatewayproxy.broker.QueueDepths}).
 */
package community.arrakis.gatewayproxy.broker;
