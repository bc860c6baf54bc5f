package io.berth.agent;

import io.berth.api.ApiException;
import io.berth.api.Berth;
import io.berth.api.Containers;
import io.berth.api.Images;
import io.berth.events.EventBus;
import io.berth.image.ImageService;
import io.berth.image.unpack.UnpackPolicy;
import io.berth.store.Database;
import java.io.IOException;
import java.util.List;

/**
 * berth's engine: the stores and services of one host behind the {@link Berth} API. The agent
 * serves it over HTTP; the CLI uses it in-process when no agent runs.
 */
public final class Engine implements Berth {
  private final Database database;
  private final Registries registries;
  private final LocalImages images;

  private Engine(Database database, Registries registries, LocalImages images) {
    this.database = database;
    this.registries = registries;
    this.images = images;
  }

  public static Engine open(Settings settings) throws IOException {
    Database database =
        Database.open(settings.database(), List.of(ImageService.SCHEMA, EventBus.SCHEMA));
    try {
      EventBus events = new EventBus(database);
      ImageService imageService =
          ImageService.open(
              settings.images(),
              database,
              new UnpackPolicy(settings.maxLayerBytes(), settings.allowDeviceNodes()),
              settings.parallelLayers(),
              events);
      Registries registries = new Registries(settings);
      return new Engine(database, registries, new LocalImages(imageService, registries));
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  @Override
  public Images images() {
    return images;
  }

  @Override
  public Containers containers() {
    throw new ApiException(ApiException.Kind.UNAVAILABLE, "containers are not wired yet");
  }

  @Override
  public String endpoint() {
    return "local";
  }

  @Override
  public void close() {
    registries.close();
    database.close();
  }
}
