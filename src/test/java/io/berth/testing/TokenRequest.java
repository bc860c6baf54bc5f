package io.berth.testing;

import java.util.List;
import java.util.Optional;

/** One token a {@link TokenServer} issued: who asked, for what, and what it granted. */
public record TokenRequest(Optional<String> user, List<Scope> requested, List<Scope> granted) {
  public TokenRequest {
    requested = List.copyOf(requested);
    granted = List.copyOf(granted);
  }
}
