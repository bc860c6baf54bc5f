/**
 * The HTTP client of the API: an {@link io.berth.api.Berth} that talks to an agent.
 *
 * <p>May depend on: {@code api}, {@code spec}.
 */
package io.berth.api.client;
