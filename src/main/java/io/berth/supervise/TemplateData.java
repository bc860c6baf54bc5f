package io.berth.supervise;

import io.berth.template.Dependency;
import io.berth.template.TemplateEngine;
import java.io.IOException;
import java.util.Collection;

/**
 * What a service's templates can read besides the environment, such as the configuration store's
 * keys ({@code {{ kv "/org/app/db/host" }}}), and how a change of it is noticed. The agent plugs
 * its sources in; the supervisor knows only this.
 */
public interface TemplateData {
  /** Adds the functions; each reports what it read with {@code dependsOn}. */
  TemplateEngine.Builder functions(TemplateEngine.Builder builder);

  /**
   * Calls {@code changed} whenever something among {@code dependencies} (those of this source's
   * functions; others are ignored) changes from now on, until the result is closed.
   */
  AutoCloseable watch(Collection<Dependency> dependencies, Runnable changed) throws IOException;

  /** Nothing but the environment. */
  TemplateData NONE =
      new TemplateData() {
        @Override
        public TemplateEngine.Builder functions(TemplateEngine.Builder builder) {
          return builder;
        }

        @Override
        public AutoCloseable watch(Collection<Dependency> dependencies, Runnable changed) {
          return () -> {};
        }
      };
}
