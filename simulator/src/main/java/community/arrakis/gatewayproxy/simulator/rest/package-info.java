/** The fake Discord REST API under /api/v10: routes, auth, rate limits, interaction rules, recording and faults. */
package community.arrakis.gatewayproxy.simulator.rest;
