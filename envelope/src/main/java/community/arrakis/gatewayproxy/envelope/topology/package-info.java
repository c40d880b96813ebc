/** The names of the RabbitMQ exchanges and queues, with a prefix so tests can isolate themselves. */
package community.arrakis.gatewayproxy.envelope.topology;
