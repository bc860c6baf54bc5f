package io.berth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.berth.spec.LoggingSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Points this process's log where a {@link LoggingSpec} says, at start and on every reload: the new
 * output is opened first, so a log file that cannot be written fails the change and leaves the log
 * as it was; then it replaces the root logger's appenders, and the old ones are closed.
 */
public final class AgentLog {
  /** The text format: what {@link DefaultLogConfig} writes too. */
  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n";

  private static final String APPENDER = "berth";

  private AgentLog() {}

  /**
   * Configures the log as {@code spec} says.
   *
   * @throws IOException when the log file cannot be opened; the log is left as it was
   */
  public static synchronized void configure(LoggingSpec spec) throws IOException {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding: the embedding program owns the log
    }
    Appender<ILoggingEvent> next = appender(context, spec);
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<Appender<ILoggingEvent>> old = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      old.add(it.next());
    }
    root.addAppender(next);
    root.setLevel(level(spec.level()));
    for (Appender<ILoggingEvent> appender : old) {
      root.detachAppender(appender);
      appender.stop();
    }
  }

  /** Back to {@link DefaultLogConfig}, as the process started. */
  public static synchronized void restoreDefaults() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    DefaultLogConfig defaults = new DefaultLogConfig();
    defaults.setContext(context);
    defaults.configure(context);
  }

  private static Appender<ILoggingEvent> appender(LoggerContext context, LoggingSpec spec)
      throws IOException {
    Encoder<ILoggingEvent> encoder = encoder(context, spec.format());
    Appender<ILoggingEvent> appender;
    if (spec.toFile()) {
      appender =
          SizeRotatingAppender.open(
              java.nio.file.Path.of(spec.output()), spec.maxSize(), spec.keep(), encoder);
    } else {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setTarget(spec.output().equals(LoggingSpec.STDOUT) ? "System.out" : "System.err");
      console.setEncoder(encoder);
      appender = console;
    }
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.start();
    return appender;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, LoggingSpec.Format format) {
    Encoder<ILoggingEvent> encoder =
        switch (format) {
          case JSON -> new JsonLineEncoder();
          case TEXT -> {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(TEXT_PATTERN);
            yield text;
          }
        };
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  static Level level(LoggingSpec.Level level) {
    return switch (level) {
      case TRACE -> Level.TRACE;
      case DEBUG -> Level.DEBUG;
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR -> Level.ERROR;
      case OFF -> Level.OFF;
    };
  }
}
