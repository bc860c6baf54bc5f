/**
 * The berth command line.
 *
 * <p>May depend on: {@code api}, {@code api.client}, {@code agent} (to run a container without an
 * agent), {@code demo}, {@code os}, {@code spec}.
 */
package io.berth.cli;
