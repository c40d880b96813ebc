/**
 * RabbitMQ for both processes: connections that recover by themselves and log an outage once
 * ({@link community.arrakis.gatewayproxy.broker.BrokerConnections}), declaring and verifying the
 * topology, publishing with confirms (one thread's publishes in one socket write, {@link
 * community.arrakis.gatewayproxy.broker.WriteBatching}) and dead-lettering; consuming with manual
 * acknowledgements is in {@code consume}.
 */
package community.arrakis.gatewayproxy.broker;
