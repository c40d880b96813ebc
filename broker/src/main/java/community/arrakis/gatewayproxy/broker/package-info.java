/** RabbitMQ: declaring the topology, publishing with confirms, consuming with manual acks. */
package community.arrakis.gatewayproxy.broker;
