package org.deeplake4j.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log event (message and stack trace text) of the test JVM while open, with the
 * loggers of deeplake4j, Hadoop's object stores and Spark's DataSource V2 execution at DEBUG.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {
  private static final String[] DEBUG = {
    "org.deeplake4j",
    "org.apache.hadoop.fs.s3a",
    "org.apache.hadoop.fs.azurebfs",
    "org.apache.spark.sql.execution.datasources.v2"
  };

  private final StringBuffer text = new StringBuffer();
  private final LoggerContext ctx;

  private LogCapture() {
    super("deeplake4j-capture", null, null, true, Property.EMPTY_ARRAY);
    ctx = (LoggerContext) LogManager.getContext(false);
  }

  static LogCapture open() {
    LogCapture c = new LogCapture();
    c.start();
    Configuration config = c.ctx.getConfiguration();
    config.getRootLogger().addAppender(c, Level.ALL, null);
    for (String name : DEBUG) {
      LoggerConfig lc = new LoggerConfig(name, Level.DEBUG, true);
      config.addLogger(name, lc);
    }
    c.ctx.updateLoggers();
    return c;
  }

  @Override
  public void append(LogEvent event) {
    text.append(event.getLoggerName())
        .append(' ')
        .append(event.getMessage().getFormattedMessage())
        .append('\n');
    if (event.getThrown() != null) {
      java.io.StringWriter w = new java.io.StringWriter();
      event.getThrown().printStackTrace(new java.io.PrintWriter(w));
      text.append(w).append('\n');
    }
  }

  String text() {
    return text.toString();
  }

  @Override
  public void close() {
    Configuration config = ctx.getConfiguration();
    config.getRootLogger().removeAppender(getName());
    for (String name : DEBUG) {
      config.removeLogger(name);
    }
    ctx.updateLoggers();
    stop();
  }
}
