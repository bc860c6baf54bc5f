package io.berth.testing;

import java.util.List;

/**
 * One request a {@link TokenServer} answered, whether it issued a token ({@code status} 200) or
 * refused (401 for wrong credentials, 400 for another service).
 */
public record TokenCall(boolean withCredentials, List<Scope> requested, int status) {
  public TokenCall {
    requested = List.copyOf(requested);
  }

  /** Whether this call asked for exactly {@code scope}, as a client does for one operation. */
  public boolean asked(Scope scope) {
    return requested.equals(List.of(scope));
  }
}
