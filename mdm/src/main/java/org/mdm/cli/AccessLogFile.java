package org.mdm.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.AccessLog;
import org.slf4j.LoggerFactory;

/**
 * Sends the SE's access log ({@link AccessLog}) to its own file, rotated by size with logback's
 * rolling appender (file, file.1 … file.N), one bare line per event: the format is the line.
 */
final class AccessLogFile implements AutoCloseable {
    private static final int MOST_FILES = 20; // logback's fixed-window limit

    private final RollingFileAppender<ILoggingEvent> appender;

    private AccessLogFile(RollingFileAppender<ILoggingEvent> appender) {
        this.appender = appender;
    }

    /**
     * Starts writing to {@code se.access.log} (nothing when it is empty).
     *
     * @throws MdmException CONFIGURATION_ERROR for a bad size, count or an unwritable file
     */
    static AccessLogFile open(MdmConfig config) throws MdmException {
        String file = config.get("se.access.log");
        if (file.isBlank()) {
            return new AccessLogFile(null);
        }
        int files = config.positiveInt("se.access.log.max.files");
        if (files > MOST_FILES) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "se.access.log.max.files is " + files + "; at most "
                    + MOST_FILES + " rotated files are kept (raise se.access.log.max.size instead).");
        }
        FileSize size;
        try {
            size = FileSize.valueOf(config.get("se.access.log.max.size"));
        } catch (IllegalArgumentException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "se.access.log.max.size '"
                    + config.get("se.access.log.max.size") + "' is not a size such as 100MB.", e);
        }
        restrict(Path.of(file).toAbsolutePath());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        RollingFileAppender<ILoggingEvent> appender = new GroupReadable();
        appender.setContext(context);
        appender.setName("access-log");
        appender.setFile(Path.of(file).toAbsolutePath().toString());
        appender.setEncoder(encoder(context));
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(Path.of(file).toAbsolutePath() + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(files);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(size);
        // logback checks the size once a minute by default; an access log must stay within its bound
        trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        if (!appender.isStarted()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot write the access log " + file
                    + ": check that its directory exists and is writable, or set se.access.log.");
        }
        ch.qos.logback.classic.Logger logger = context.getLogger(AccessLog.LOGGER);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return new AccessLogFile(appender);
    }

    /**
     * The log names users (DNs) and what they read: readable by the SE's user and its group (a log
     * collector), not by every account, whatever the umask. Rotation renames the file, so the
     * rotated ones keep the mode; the new one is set again after each rollover.
     */
    static final java.util.Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r-----");

    private static void restrict(Path file) throws MdmException {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(MODE));
            }
            Files.setPosixFilePermissions(file, MODE); // createFile's mode is cut by the umask; an old file had any
        } catch (IOException | UnsupportedOperationException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot create the access log " + file + " (mode 0640): "
                    + MdmException.describe(e) + ". Check that its directory is the SE user's, or set se.access.log.", e);
        }
    }

    /** Logback's rolling appender, with the new file made group-readable only after each rollover. */
    private static final class GroupReadable extends RollingFileAppender<ILoggingEvent> {
        @Override
        public void rollover() {
            super.rollover();
            try {
                Files.setPosixFilePermissions(Path.of(getFile()), MODE);
            } catch (IOException e) {
                addError("Cannot set the mode of " + getFile(), e); // logback's own status, as its other failures
            }
        }
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        return encoder;
    }

    @Override
    public void close() {
        if (appender != null) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.getLogger(AccessLog.LOGGER).detachAppender(appender);
            appender.stop();
        }
    }
}
