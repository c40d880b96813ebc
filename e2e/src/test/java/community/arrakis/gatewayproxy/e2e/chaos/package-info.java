/**
 * The chaos suite: each dependency's failure played against the real pipeline under load, with one
 * report row per scenario ({@code scripts/chaos.sh} runs the long versions).
 */
package community.arrakis.gatewayproxy.e2e.chaos;
