package io.berth.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.kv.ConfigEntry;
import io.berth.kv.ConfigEvent;
import io.berth.kv.ConfigException;
import io.berth.kv.ConfigListener;
import io.berth.kv.ConfigStore;
import io.berth.kv.ConfigWatch;
import io.berth.kv.Secrets;
import io.berth.spec.Json;
import io.berth.supervise.TemplateData;
import io.berth.template.Dependency;
import io.berth.template.FunctionCall;
import io.berth.template.TemplateEngine;
import io.berth.template.TemplateFunctionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The configuration store for services' templates: {@code {{ kv "/org/app/db/host" }}} (a key's
 * value; a second argument is the default when the key is missing), {@code {{ tree "/org/app/" }}}
 * (a directory as a map), and a watch on what a render read. Secrets are given to templates in
 * clear: a service's template is where a secret is meant to go.
 */
final class KvTemplateData implements TemplateData {
  private final Supplier<ConfigStore> store;
  private final io.berth.supervise.Backends backends;

  KvTemplateData(Supplier<ConfigStore> store, io.berth.supervise.Backends backends) {
    this.store = store;
    this.backends = backends;
  }

  private ConfigStore open() {
    ConfigStore open = store.get();
    if (open == null) {
      throw new TemplateFunctionException("the configuration store is not open");
    }
    return open;
  }

  @Override
  public TemplateEngine.Builder functions(TemplateEngine.Builder builder) {
    return builder
        .function("kv", 1, 2, this::kv)
        .function("tree", 1, 1, this::tree)
        .function("service", 1, 1, this::service);
  }

  /**
   * {@code {{ range service "db" }}{{ .address }}:{{ .port }} {{ end }}}: its healthy instances.
   */
  private Object service(FunctionCall call) {
    String name = call.string(0);
    call.dependsOn(name);
    try {
      return backends.instances(name);
    } catch (java.io.IOException e) {
      throw new TemplateFunctionException("discovery: " + e.getMessage(), e);
    }
  }

  private Object kv(FunctionCall call) {
    String key = call.string(0);
    call.dependsOn(key);
    Optional<ConfigEntry> entry;
    try {
      entry = open().get(key, Secrets.REVEAL);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new TemplateFunctionException(e.getMessage(), e);
    }
    if (entry.isEmpty()) {
      if (call.args().size() > 1) {
        return call.string(1);
      }
      throw new TemplateFunctionException(
          "no key %s in the configuration store (give a default as kv's second argument)"
              .formatted(key));
    }
    JsonNode value = entry.get().value();
    return value.isTextual() ? value.asText() : value.toString();
  }

  private Object tree(FunctionCall call) {
    String directory = call.string(0);
    call.dependsOn(directory);
    try {
      return Json.lenient().convertValue(open().dumpJson(directory, Secrets.REVEAL), Map.class);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new TemplateFunctionException(e.getMessage(), e);
    }
  }

  @Override
  public AutoCloseable watch(Collection<Dependency> dependencies, Runnable changed)
      throws ConfigException {
    List<ConfigWatch> watches = new ArrayList<>();
    List<AutoCloseable> others = new ArrayList<>();
    for (Dependency d : dependencies) {
      if (d.function().equals("service")) {
        try {
          others.add(backends.watch(d.key(), changed));
        } catch (java.io.IOException e) {
          throw new ConfigException("discovery: " + e.getMessage());
        }
      }
    }
    ConfigStore open = store.get();
    if (open == null) {
      return () -> closeAll(others);
    }
    ConfigListener listener =
        new ConfigListener() {
          @Override
          public void onEvents(List<ConfigEvent> events) {
            changed.run();
          }

          @Override
          public void onFailed(ConfigException error) {
            changed.run(); // read again: the render watches anew from what it reads then
          }
        };
    try {
      for (Dependency d : dependencies) {
        if (d.function().equals("kv") || d.function().equals("tree")) {
          watches.add(open.watch(d.key(), 0, listener));
        }
      }
    } catch (ConfigException | RuntimeException e) {
      watches.forEach(ConfigWatch::close);
      throw e;
    }
    return () -> {
      watches.forEach(ConfigWatch::close);
      closeAll(others);
    };
  }

  private static void closeAll(List<AutoCloseable> closeables) {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // a watch that is gone already
      }
    }
  }
}
