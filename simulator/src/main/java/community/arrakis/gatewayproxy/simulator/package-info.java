/** A local Discord: gateway WebSocket and REST API, recording, faults and load. */
package community.arrakis.gatewayproxy.simulator;
