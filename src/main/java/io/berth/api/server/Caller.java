package io.berth.api.server;

import java.net.SocketAddress;

/**
 * What a request shows of its sender, for an {@link Authenticator} to judge.
 *
 * @param remote the peer's address (a Unix socket's peer has none worth showing)
 * @param secure whether the request came over TLS
 * @param authorization the {@code Authorization} header, or null
 */
public record Caller(SocketAddress remote, boolean secure, String authorization) {}
