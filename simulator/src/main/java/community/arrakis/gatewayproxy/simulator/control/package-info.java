/** The HTTP control API under /_sim: the Java control surface of the simulator, for scripts and other processes. */
package community.arrakis.gatewayproxy.simulator.control;
