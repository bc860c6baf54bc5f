package io.berth.image.registry;

import io.berth.spec.ImageRef;
import java.io.IOException;
import java.util.Map;

/**
 * One kind of request to a registry's {@code /v2/} API. Each operation says what to ask and how to
 * read a successful answer; {@link RegistryChannel#send} does the rest: auth challenges, retries,
 * redirects and error answers.
 */
interface RegistryOperation<T> {

  /** The repository the request is about; its registry is where it goes. */
  ImageRef repository();

  /** GET or HEAD. */
  String method();

  /** The path below the registry's root, such as {@code /v2/library/busybox/manifests/latest}. */
  String path();

  /** Headers besides Authorization: Accept, Range. */
  Map<String, String> headers();

  /** What is being fetched, for messages: {@code manifest localhost:5000/app:1}. */
  String describe();

  /**
   * Reads a 2xx answer. An {@link IOException} that is not a {@link RegistryException} counts as a
   * broken connection and the operation is tried again.
   */
  T onSuccess(Response response) throws IOException;

  /** The failure for a 404 answer. */
  RegistryException notFound(ErrorBody body);

  /** The token scope the request needs (distribution spec, "Token Scope Documentation"). */
  default String scope() {
    return "repository:" + repository().repository() + ":pull";
  }

  /** {@code /v2/<name>/<kind>/<reference>}. */
  static String path(ImageRef repository, String kind, String reference) {
    return "/v2/" + repository.repository() + "/" + kind + "/" + reference;
  }
}
