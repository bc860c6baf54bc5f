package io.berth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * berth's default logging, found by logback through {@code META-INF/services}: its own log on
 * stderr, so stdout stays for results a script reads, at the level of {@code -Dberth.log.level} or
 * {@code BERTH_LOG_LEVEL} (WARN when neither: the CLI is quiet). Written in Java rather than as a
 * logback.xml: reading XML cost every command about a tenth of a second of start-up (a parser and
 * some 300 classes) for four settings. The agent's {@code logging} config replaces it ({@link
 * AgentLog}).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class DefaultLogConfig extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(AgentLog.TEXT_PATTERN);
    encoder.start();
    stderr.setEncoder(encoder);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level());
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static Level level() {
    String level = System.getProperty("berth.log.level");
    if (level == null || level.isBlank()) {
      level = System.getenv("BERTH_LOG_LEVEL");
    }
    return Level.toLevel(level, Level.WARN);
  }
}
