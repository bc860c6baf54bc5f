/**
 * The berth command line.
 *
 * <p>May depend on: {@code api}, {@code api.client}, {@code agent} (to run a container without an
 * agent), {@code config} (to import configs), {@code demo}, {@code os}, {@code spec}, {@code
 * template} (to render them), {@code auth} (to manage API tokens).
 */
package io.berth.cli;
