/** The fake Discord gateway: connection life cycle, sessions with resume, sharding, intents and compression. */
package community.arrakis.gatewayproxy.simulator.gateway;
