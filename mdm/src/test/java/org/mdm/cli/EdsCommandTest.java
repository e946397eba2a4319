package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdm.cli.KeyServerFixture.Run;
import org.mdm.security.testpki.TestPki;

/** {@code mdm eds ...} against three real key servers, through the command line. */
class EdsCommandTest {
    private static final TestPki PKI = KeyServerFixture.PKI;
    private static final String ID = "2.25.1234567890";

    @TempDir
    Path dir;
    private KeyServerFixture servers;
    private Path plain;

    @BeforeEach
    void start() throws Exception {
        servers = new KeyServerFixture(dir);
        plain = dir.resolve("image.dcm");
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        Files.write(plain, bytes);
    }

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    private Run eds(String... args) {
        return servers.run(PKI.proxy(), args);
    }

    private void registerAndEncrypt(Path sealed, String... acl) {
        String[] args = new String[2 + acl.length];
        args[0] = "eds";
        args[1] = "register";
        System.arraycopy(acl, 0, args, 2, acl.length);
        String[] withId = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(ID))
                .toArray(String[]::new);
        Run register = eds(withId);
        assertEquals(0, register.code, register.toString());
        assertEquals(ID, register.out.toString().trim());
        Run encrypt = eds("eds", "encrypt", ID, plain.toString(), sealed.toString());
        assertEquals(0, encrypt.code, encrypt.toString());
    }

    @Test
    void registerEncryptDecryptRoundTrip() throws Exception {
        Path sealed = dir.resolve("image.sealed");
        Path back = dir.resolve("back.dcm");
        registerAndEncrypt(sealed);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(plain), Files.readAllBytes(sealed)));
        Run decrypt = eds("eds", "decrypt", ID, sealed.toString(), back.toString());
        assertEquals(0, decrypt.code, decrypt.toString());
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(back));
    }

    @Test
    void registeringAnIdTwiceFails() {
        registerAndEncrypt(dir.resolve("a.sealed"));
        Run again = eds("eds", "register", ID);
        assertEquals(1, again.code, again.toString());
        assertTrue(again.err.toString().startsWith("mdm: registration of key " + ID), again.toString());
    }

    @Test
    void tamperedFileFailsWithOneLineAndNoOutput() throws Exception {
        Path sealed = dir.resolve("image.sealed");
        Path back = dir.resolve("back.dcm");
        registerAndEncrypt(sealed);
        byte[] bytes = Files.readAllBytes(sealed);
        bytes[bytes.length / 2] ^= 1;
        Files.write(sealed, bytes);
        Run decrypt = eds("eds", "decrypt", ID, sealed.toString(), back.toString());
        assertEquals(1, decrypt.code, decrypt.toString());
        String err = decrypt.err.toString();
        assertTrue(err.startsWith("mdm: "), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("authentication tag"), err);
        assertFalse(Files.exists(back), "no output for a tampered file");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("back")), "no temporary left");
        }
    }

    @Test
    void callerWithoutRightsCannotDecryptUntilGranted() throws Exception {
        Path sealed = dir.resolve("image.sealed");
        Path back = dir.resolve("back.dcm");
        Path other = KeyServerFixture.hostAsProxy(dir);
        registerAndEncrypt(sealed);
        Run denied = servers.run(other, "eds", "decrypt", ID, sealed.toString(), back.toString());
        assertEquals(1, denied.code, denied.toString());
        assertTrue(denied.err.toString().startsWith("mdm: cannot fetch key " + ID), denied.toString());
        assertTrue(denied.err.toString().contains("denied"), denied.toString());
        assertFalse(Files.exists(back));

        Run setacl = eds("eds", "setacl", ID, "dn:" + PKI.hostDn() + ":read");
        assertEquals(0, setacl.code, setacl.toString());
        Run allowed = servers.run(other, "eds", "decrypt", ID, sealed.toString(), back.toString());
        assertEquals(0, allowed.code, allowed.toString());
        assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(back));
    }

    @Test
    void setaclThenGetaclShowsTheAclOnEveryServer() {
        registerAndEncrypt(dir.resolve("image.sealed"), "--acl", "vo:biomed:read");
        Run before = eds("eds", "getacl", ID);
        assertEquals(0, before.code, before.toString());
        assertTrue(before.out.toString().contains("vo:biomed:read"), before.toString());

        Run set = eds("eds", "setacl", ID, "group:/biomed/lab:read,setacl", "dn:" + PKI.hostDn() + ":read");
        assertEquals(0, set.code, set.toString());
        Run after = eds("eds", "getacl", ID);
        assertEquals(0, after.code, after.toString());
        String out = after.out.toString();
        for (String url : servers.serverList().split(",")) {
            assertTrue(out.contains(url + ":"), out);
        }
        assertEquals(3, out.lines().filter(l -> l.equals("  owner " + PKI.userDn())).count(), out);
        assertEquals(3, out.lines().filter(l -> l.equals("  group:/biomed/lab:read,setacl")).count(), out);
        assertEquals(3, out.lines().filter(l -> l.equals("  dn:" + PKI.hostDn() + ":read")).count(), out);
        assertFalse(out.contains("vo:biomed"), "setacl replaces the ACL: " + out);
        assertFalse(after.err.toString().contains("did not answer"), after.toString());
    }

    @Test
    void getaclNamesAKeyServerThatDidNotAnswer() throws Exception {
        registerAndEncrypt(dir.resolve("image.sealed"), "--acl", "vo:biomed:read");
        servers.stop(1);
        Run run = eds("eds", "getacl", ID);
        assertEquals(0, run.code, "two of three answered: " + run);
        assertEquals(2, run.out.toString().lines().filter(l -> l.equals("  vo:biomed:read")).count(), run.toString());
        assertTrue(run.err.toString().contains(servers.uri(1) + " did not answer"), run.toString());
        assertFalse(run.err.toString().contains(servers.uri(0)), run.toString());
    }

    @Test
    void badAclEntryIsAClearError() {
        Run run = eds("eds", "register", "--acl", "vo:biomed:fly", ID);
        assertEquals(1, run.code, run.toString());
        assertTrue(run.err.toString().startsWith("mdm: Bad ACL entry 'vo:biomed:fly': unknown right 'fly'"),
                run.toString());
    }

    @Test
    void onlyTheSupportedCipherIsAccepted() {
        Run run = eds("eds", "register", "--cipher", "des", ID);
        assertEquals(1, run.code, run.toString());
        assertTrue(run.err.toString().startsWith("mdm: Cipher 'des' is not supported"), run.toString());
        Run ok = eds("eds", "register", "--cipher", EdsCommand.CIPHER, ID);
        assertEquals(0, ok.code, ok.toString());
    }

    @Test
    void noServersConfiguredIsAClearError() {
        Run run = new Run("eds", "getacl", ID);
        assertEquals(1, run.code, run.toString());
        assertTrue(run.err.toString().startsWith("mdm: No key servers configured: set hydra.servers"), run.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eds", "eds register", "eds encrypt", "eds decrypt", "eds setacl", "eds getacl",
        "hydra", "hydra serve"})
    void everyCommandHasHelp(String command) {
        Run run = new Run((command + " --help").split(" "));
        assertEquals(0, run.code, run.toString());
        assertTrue(run.out.toString().startsWith("Usage: mdm " + command), run.toString());
    }
}
