/**
 * The SQLite database every store of the agent shares: one file, schema migrations, connections.
 *
 * <p>May depend on: nothing else in berth.
 */
package io.berth.store;
