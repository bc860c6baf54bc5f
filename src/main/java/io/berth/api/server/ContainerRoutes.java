package io.berth.api.server;

import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.ContainerSummary;
import io.berth.api.Containers;
import io.berth.api.CreateContainer;
import io.berth.api.ExecRequest;
import io.berth.api.LayerProgress;
import io.berth.api.LogLine;
import io.berth.api.LogQuery;
import io.berth.api.RunWatcher;
import io.berth.api.WaitCondition;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /v1/containers}. A container is named in the path by its id, id prefix or name. The
 * resource is looked up per request, so an engine without containers answers each request with its
 * own problem instead of failing the whole server.
 */
final class ContainerRoutes implements Resource {
  private static final String OCTETS = "application/octet-stream";
  private final Berth berth;

  ContainerRoutes(Berth berth) {
    this.berth = berth;
  }

  private Containers containers() {
    return berth.containers();
  }

  @Override
  public void addTo(Routes routes) {
    routes
        .add("GET /v1/containers?all", ex -> ex.json(containers().list(ex.query().flag("all"))))
        .add("POST /v1/containers?attach", this::create)
        .add("GET /v1/containers/{id}", ex -> ex.json(containers().inspect(ex.param("id"))))
        .add("DELETE /v1/containers/{id}?force", this::remove)
        .add("POST /v1/containers/{id}/start", ex -> ex.json(containers().start(ex.param("id"))))
        .add(
            "POST /v1/containers/{id}/stop?timeout&noKill",
            ex ->
                ex.json(
                    containers()
                        .stop(
                            ex.param("id"),
                            ex.query().seconds("timeout"),
                            ex.query().flag("noKill"))))
        .add("POST /v1/containers/{id}/kill?signal", this::kill)
        .add("POST /v1/containers/{id}/wait?timeout&condition", this::await)
        .add("GET /v1/containers/{id}/logs?follow&tail&since&timestamps", this::logs)
        .add("POST /v1/containers/{id}/exec", this::exec)
        .add("GET /v1/containers/{id}/changes", ex -> ex.json(containers().changes(ex.param("id"))))
        .add("GET /v1/containers/{id}/stats", ex -> ex.json(containers().stats(ex.param("id"))))
        .add("GET /v1/containers/{id}/state", ex -> ex.json(containers().state(ex.param("id"))))
        .add(
            "GET /v1/containers/{id}/script",
            ex -> ex.body("text/plain; charset=utf-8", containers().script(ex.param("id"))))
        .add("GET /v1/containers/{id}/files?path&index", this::files)
        .add("GET /v1/containers/{id}/files/{path...}", this::file)
        .add("GET /v1/containers/{id}/archive", this::archive);
  }

  /**
   * Creates a container; with {@code attach}, runs it in the foreground: the stream goes on with
   * the container once it started, its output, and ends with how it ended.
   */
  private void create(Exchange exchange) throws Exception {
    boolean attach = exchange.query().flag("attach");
    CreateContainer request = exchange.createRequest();
    Containers containers = containers();
    if (!attach) {
      exchange.stream(stream -> containers.create(request, stream::progress));
      return;
    }
    exchange.stream(
        stream ->
            containers.run(
                request,
                new RunWatcher() {
                  @Override
                  public void update(LayerProgress update) {
                    stream.progress(update);
                  }

                  @Override
                  public void started(ContainerSummary container) {
                    stream.container(container);
                  }

                  @Override
                  public void line(LogLine line) {
                    stream.line(line);
                  }
                }));
  }

  private void await(Exchange exchange) throws Exception {
    String condition = exchange.query().string("condition");
    exchange.json(
        containers()
            .await(
                exchange.param("id"),
                exchange.query().seconds("timeout"),
                condition == null ? WaitCondition.NOT_RUNNING : WaitCondition.parse(condition)));
  }

  private void remove(Exchange exchange) throws Exception {
    containers().remove(exchange.param("id"), exchange.query().flag("force"));
    exchange.noContent();
  }

  private void kill(Exchange exchange) throws Exception {
    containers().kill(exchange.param("id"), exchange.query().string("signal"));
    exchange.noContent();
  }

  private void logs(Exchange exchange) throws Exception {
    Query query = exchange.query();
    LogQuery logQuery =
        new LogQuery(
            query.flag("follow"),
            query.countOrAll("tail"),
            query.instant("since"),
            query.flag("timestamps"));
    Containers containers = containers();
    String id = exchange.param("id");
    exchange.stream(
        stream -> {
          AtomicLong lines = new AtomicLong();
          containers.logs(
              id,
              logQuery,
              line -> {
                stream.line(line);
                lines.incrementAndGet();
              });
          return Map.of("lines", lines.get());
        });
  }

  /** A directory's listing; with {@code index}, the content of its entry at that place. */
  private void files(Exchange exchange) throws Exception {
    String path = exchange.query().string("path");
    String directory = path == null || path.isEmpty() ? "/" : path;
    String index = exchange.query().string("index");
    if (index == null) {
      exchange.json(containers().listFiles(exchange.param("id"), directory));
      return;
    }
    int position;
    try {
      position = Integer.parseInt(index);
    } catch (NumberFormatException e) {
      position = -1;
    }
    if (position < 0) {
      throw ApiException.badRequest(
          "query parameter 'index' is a place in the listing, 0 or more, not '%s'"
              .formatted(index));
    }
    exchange.body(OCTETS, containers().readFile(exchange.param("id"), directory, position));
  }

  private void file(Exchange exchange) throws Exception {
    exchange.body(
        OCTETS, containers().readFile(exchange.param("id"), "/" + exchange.param("path")));
  }

  private void archive(Exchange exchange) throws Exception {
    Containers containers = containers();
    String id = exchange.param("id");
    containers.inspect(id); // an unknown container is a 404 before the body begins
    exchange.write("application/gzip", out -> containers.archive(id, out));
  }

  private void exec(Exchange exchange) throws Exception {
    ExecRequest request = exchange.body(ExecRequest.class);
    Containers containers = containers();
    String id = exchange.param("id");
    exchange.stream(stream -> containers.exec(id, request, stream::line));
  }
}
