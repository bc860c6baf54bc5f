package io.berth.template;

/**
 * A render failure found where no place is known (deep in a value, in a limit); the renderer adds
 * the place of the action it was evaluating and reports a {@link TemplateException}.
 */
final class Problem extends RuntimeException {
  Problem(String message) {
    super(message, null, false, false);
  }
}
