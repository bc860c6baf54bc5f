package io.berth.testing;

import java.util.List;
import java.util.Optional;

/**
 * One token a {@link TokenServer} issued: who asked, for what, what it granted, and the token
 * itself (so a test can check that it never shows up in an error message or a log).
 */
public record TokenRequest(
    Optional<String> user, List<Scope> requested, List<Scope> granted, String token) {
  public TokenRequest {
    requested = List.copyOf(requested);
    granted = List.copyOf(granted);
  }
}
