/** The load driver: emits a mix of events on a stage profile and measures how fast and how completely a bot answers. */
package community.arrakis.gatewayproxy.simulator.load;
