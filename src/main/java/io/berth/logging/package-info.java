/**
 * The agent's own log, configured in Logback from the config's {@code logging} block: level, text
 * or JSON lines, and stdout, stderr or a file rotated by size. Logback stays inside this package.
 *
 * <p>May depend on: {@code spec}.
 */
package io.berth.logging;
