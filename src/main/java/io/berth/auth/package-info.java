/**
 * Who may use the API over TCP: API tokens (stored hashed), users who log in for a short-lived JWT,
 * the rate limit on failed logins, and the agent's TLS identity.
 *
 * <p>May depend on: {@code api}, {@code api.server}, {@code spec}, {@code store}.
 */
package io.berth.auth;
