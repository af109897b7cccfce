package io.strata.jobs.process;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Everything logged at INFO and above while it is open, as the log file would have it. */
public final class LogCapture implements AutoCloseable {
  private final StringWriter text = new StringWriter();
  private final WriterAppender appender;
  private final Level previous;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration configuration = context.getConfiguration();
    appender = WriterAppender.newBuilder().setName("capture").setTarget(text)
        .setLayout(PatternLayout.newBuilder().withPattern("%-5level %c{1}: %msg%n%throwable").build()).build();
    appender.start();
    LoggerConfig root = configuration.getRootLogger();
    previous = root.getLevel();
    root.addAppender(appender, Level.INFO, null);
    root.setLevel(Level.INFO);
    context.updateLoggers();
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  public String text() {
    return text.toString();
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    LoggerConfig root = context.getConfiguration().getRootLogger();
    root.removeAppender("capture");
    root.setLevel(previous);
    context.updateLoggers();
    appender.stop();
  }
}
