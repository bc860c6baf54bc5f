package io.berth.template;

/**
 * A function's way to fail a render with a message for the user, such as {@code no key
 * /org/app/db/host}. The render reports it as a {@link TemplateException} naming the template, the
 * call's line and column and the function.
 */
public final class TemplateFunctionException extends RuntimeException {
  public TemplateFunctionException(String message) {
    super(message);
  }

  public TemplateFunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}
