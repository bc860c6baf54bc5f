/**
 * The HTTP server of the API: routes to an {@link io.berth.api.Berth}, on the Unix socket and on
 * TCP.
 *
 * <p>May depend on: {@code api}, {@code spec}.
 */
package io.berth.api.server;
