/**
 * The berth API as Java: resources and records shared by the HTTP server, the HTTP client and the
 * in-process engine.
 *
 * <p>May depend on: {@code spec}.
 */
package io.berth.api;
