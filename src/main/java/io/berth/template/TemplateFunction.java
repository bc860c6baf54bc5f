package io.berth.template;

/**
 * A function a template can call, registered with {@link TemplateEngine.Builder#function}. It gets
 * the call's arguments (a piped value comes last) and returns the value to print or pass on: a
 * {@code String}, a number, a {@code Boolean}, a {@code List}, a {@code Map<String, ?>}, a record,
 * or {@code null} (printed as nothing).
 *
 * <p>It reports what it read with {@link FunctionCall#dependsOn}, and fails with a {@link
 * TemplateFunctionException}, which the render turns into a {@link TemplateException} at the call's
 * place. A function may be called from many renders at once.
 */
@FunctionalInterface
public interface TemplateFunction {
  Object apply(FunctionCall call);
}
