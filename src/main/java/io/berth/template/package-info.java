/**
 * berth's one template engine: a well-defined subset of Go's text/template, the syntax
 * ContainerPilot and Nomad users know, for config files rendered from the environment, backend
 * lists written to files and values read from the key-value store. See docs/templates.md.
 *
 * <p>{@link io.berth.template.TemplateEngine} holds the functions and limits and parses text into
 * an immutable {@link io.berth.template.Template}, which renders any number of times, from any
 * thread, into a {@link io.berth.template.Rendered}: the text and the {@link
 * io.berth.template.Dependency dependencies} the functions reported. Callers add functions (such as
 * {@code kv}) as {@link io.berth.template.TemplateFunction}s. Every failure, at parse or render
 * time, is a {@link io.berth.template.TemplateException} naming the source, line and column.
 *
 * <p>May depend on: nothing else in berth.
 */
package io.berth.template;
