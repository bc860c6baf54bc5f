/**
 * {@code berth demo}: a local registry and images for it, made with the real tools (the CNCF
 * registry, umoci, skopeo), so a fresh machine can watch berth work without reaching the internet.
 *
 * <p>May depend on: {@code spec}.
 */
package io.berth.demo;
