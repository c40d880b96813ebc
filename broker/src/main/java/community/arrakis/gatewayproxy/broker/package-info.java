/**
 * RabbitMQ for both processes: connections that recover by themselves and log an outage once
 * ({@link community.arrakis.gatewayproxy.broker.BrokerConnections}), declaring and verifying the
 * topology, publishing with confirms (its life cycle in {@code publish}; one thread's publishes in
 * one socket write, {@link community.arrakis.gatewayproxy.broker.WriteBatching}), dead-lettering,
 * consuming with manual acknowledgements (in {@code consume}), and reading the queues' depths for
 * the status page ({@link community.arrakis.gatewayproxy.broker.QueueDepths}).
 */
package community.arrakis.gatewayproxy.broker;
