package org.mdm.hydra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.slf4j.LoggerFactory;

/** Nothing at rest is readable by others, and no log line carries a share or a key. */
class AtRestAndLogsTest {
    private static GridTrust trust;
    private static VomsAttributes voms;

    @TempDir
    Path dir;

    @BeforeAll
    static void trust() throws Exception {
        trust = GridTrust.fromDirectory(ThreeServers.PKI.certDir());
        voms = VomsAttributes.create(ThreeServers.PKI.vomsDir(), trust);
    }

    @AfterAll
    static void closeTrust() {
        voms.close();
        trust.close();
    }

    @Test
    void databaseIsOwnerOnly() throws Exception {
        try (ThreeServers three = new ThreeServers(dir, trust, voms); KeyServers user = three.client(ThreeServers.PKI.proxy())) {
            user.register(ImageKey.generate("perm-test"), List.of());
            for (Path db : three.dbDirs) {
                assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(db));
                assertTrue(Files.exists(db.resolve("hydra.mv.db")));
                try (Stream<Path> files = Files.list(db)) {
                    for (Path f : files.toList()) {
                        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(f);
                        assertTrue(perms.stream().allMatch(p -> p.name().startsWith("OWNER")), f + ": " + perms);
                    }
                }
            }
        }
    }

    @Test
    void logsNeverContainSharesOrKeys() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        List<String> secrets = new ArrayList<>();
        try (ThreeServers three = new ThreeServers(dir, trust, voms);
                KeyServers user = three.client(ThreeServers.PKI.proxy()); KeyServers other = three.hostClient()) {
            ImageKey key = ImageKey.generate("log-test");
            user.register(key, List.of(AclEntry.group("/biomed/lab", Right.READ)));
            user.fetch("log-test");
            user.setAcl("log-test", List.of(AclEntry.vo("biomed", Right.READ)));
            user.getAcl("log-test");
            assertFalse(safeFetch(other));
            assertFalse(safeRegister(user, key));
            secrets.add(Base64.getEncoder().encodeToString(key.material()));
            secrets.add(HexFormat.of().formatHex(key.material()));
            for (JdbcShareStore s : three.stores) {
                byte[] share = s.find("log-test").orElseThrow().share();
                secrets.add(Base64.getEncoder().encodeToString(share));
                secrets.add(HexFormat.of().formatHex(share));
            }
        } finally {
            root.detachAppender(captured);
        }
        List<String> lines = captured.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("registered key log-test")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("denied")), lines.toString());
        for (String line : lines) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "key material in log line: " + line);
            }
        }
    }

    private static boolean safeFetch(KeyServers client) {
        try {
            client.fetch("log-test");
            return true;
        } catch (org.mdm.api.MdmException e) {
            return false;
        }
    }

    private static boolean safeRegister(KeyServers client, ImageKey key) {
        try {
            client.register(key, List.of());
            return true;
        } catch (org.mdm.api.MdmException e) {
            return false;
        }
    }
}
