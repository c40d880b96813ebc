/** The built-in example handlers: {@code /ping} and a role for every member who joins. */
package community.arrakis.gatewayproxy.worker.examples;
