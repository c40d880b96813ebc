/** Which routing key and priority each Discord event travels with. */
package community.arrakis.gatewayproxy.envelope.routing;
