/**
 * Wiring: the engine behind the API, made of the lower packages, and the long-running agent.
 *
 * <p>May depend on: every package but {@code cli}.
 */
package io.berth.agent;
