/**
 * Events for everything the agent does: records, a bus that fans them out, and their log.
 *
 * <p>May depend on: {@code spec}, {@code store}.
 */
package io.berth.events;
