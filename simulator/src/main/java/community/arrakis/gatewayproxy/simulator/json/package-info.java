/** The simulator's own JSON for Discord objects and gateway frames, built with Jackson trees. */
package community.arrakis.gatewayproxy.simulator.json;
