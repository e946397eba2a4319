package org.mdm.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.Sealer;
import org.mdm.hydra.Unsealer;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.KeyIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mdm eds register|encrypt|decrypt|setacl|getacl}: the encrypted data storage commands
 * (after glite-eds-*): per-file keys split k-of-n over the Hydra key servers, files sealed with
 * them. Key material is never printed or logged, and keys are destroyed as soon as used.
 */
@Command(name = "eds", mixinStandardHelpOptions = true,
        description = {"Manage image keys, shared k of n on the Hydra key servers (hydra.servers), and seal or",
            "open files with them, as the caller's proxy (grid.proxy).", "",
            "Encrypted data storage: mirrors glite-eds-key-register, -encrypt, -decrypt, -setacl and -getacl."},
        subcommands = {EdsCommand.Register.class, EdsCommand.Encrypt.class, EdsCommand.Decrypt.class,
            EdsCommand.SetAcl.class, EdsCommand.GetAcl.class, EdsKeyId.class})
final class EdsCommand {
    /** The one cipher sealed files use (format version 2). */
    static final String CIPHER = "aes256-ctr-hmac-sha256";

    @ParentCommand
    private MdmCommand parent;

    MdmCommand root() {
        return parent;
    }

    /** {@code mdm eds register}. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Generate a new key for each ID and store its shares on the key servers (k of n, all or",
                "none per key); the caller becomes its owner. Prints each key id once registered."})
    static final class Register implements Callable<Integer> {
        @ParentCommand
        private EdsCommand eds;

        @Parameters(arity = "1..*", paramLabel = "ID", description = "Key id: an opaque id (GUID or de-identified"
                + " UID, see `mdm eds keyid`), never patient data; it is written in clear into sealed files.")
        private List<String> ids;

        @Option(names = "--acl", paramLabel = "TYPE:NAME:RIGHTS", description = "Grant besides the owner (repeatable): "
                + AclSpecs.SYNTAX + ".")
        private List<String> acl = List.of();

        @Option(names = "--cipher", paramLabel = "CIPHER", defaultValue = CIPHER,
                description = "Cipher of the files sealed with this key; only " + CIPHER + " (AES-256-CTR with an "
                        + "HMAC-SHA256 synthetic IV, deterministic) is supported.")
        private String cipher;

        @Override
        public Integer call() throws Exception {
            if (!CIPHER.equals(cipher)) {
                throw new MdmException(Status.NOT_SUPPORTED, "Cipher '" + cipher + "' is not supported; the only cipher"
                        + " is " + CIPHER + ".");
            }
            var entries = AclSpecs.parse(acl);
            for (String id : ids) {
                KeyIds.check(id); // every id is checked before anything is registered
            }
            try (GridSettings.Client client = GridSettings.client(eds.root().config())) {
                int done = 0;
                for (String id : ids) {
                    ImageKey key = newKey(id);
                    try {
                        client.servers().register(key, entries);
                    } catch (MdmException e) {
                        throw done == 0 ? e : new MdmException(e.status(), e.getMessage() + " (the " + done
                                + " key(s) printed before were registered)", e);
                    } finally {
                        key.destroy();
                    }
                    eds.root().out().println(id);
                    done++;
                }
            }
            return 0;
        }

        private static ImageKey newKey(String id) throws MdmException {
            try {
                return ImageKey.generate(id);
            } catch (IllegalArgumentException e) {
                throw new MdmException(Status.INVALID_REQUEST, "Bad key id: " + e.getMessage() + ".");
            }
        }
    }

    /** {@code mdm eds encrypt}. */
    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = "Fetch key ID from k key servers and seal IN into OUT (written whole or not at all).")
    static final class Encrypt implements Callable<Integer> {
        @ParentCommand
        private EdsCommand eds;

        @Parameters(index = "0", paramLabel = "ID", description = "Key id (see `mdm eds register`).")
        private String id;

        @Parameters(index = "1", paramLabel = "IN", description = "Plaintext file.")
        private Path in;

        @Parameters(index = "2", paramLabel = "OUT", description = "Sealed file to write.")
        private Path out;

        @Override
        public Integer call() throws Exception {
            eds.withKey(id, key -> Sealer.seal(key, in, out));
            return 0;
        }
    }

    /** {@code mdm eds decrypt}. */
    @Command(name = "decrypt", mixinStandardHelpOptions = true,
            description = {"Fetch key ID from k key servers and open the sealed file IN into OUT. Nothing is written",
                "unless IN is authentic: a tampered or truncated file fails and OUT is left as it was."})
    static final class Decrypt implements Callable<Integer> {
        @ParentCommand
        private EdsCommand eds;

        @Parameters(index = "0", paramLabel = "ID", description = "Key id the file was sealed with.")
        private String id;

        @Parameters(index = "1", paramLabel = "IN", description = "Sealed file.")
        private Path in;

        @Parameters(index = "2", paramLabel = "OUT", description = "Plaintext file to write.")
        private Path out;

        @Override
        public Integer call() throws Exception {
            eds.withKey(id, key -> Unsealer.unseal(key, in, out));
            return 0;
        }
    }

    /** {@code mdm eds setacl}. */
    @Command(name = "setacl", mixinStandardHelpOptions = true,
            description = "Replace the ACL of key ID on every key server (the owner keeps every right).")
    static final class SetAcl implements Callable<Integer> {
        @ParentCommand
        private EdsCommand eds;

        @Parameters(index = "0", paramLabel = "ID", description = "Key id.")
        private String id;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "TYPE:NAME:RIGHTS",
                description = "The new grants (none: only the owner): " + AclSpecs.SYNTAX + ".")
        private List<String> acl = List.of();

        @Override
        public Integer call() throws Exception {
            var entries = AclSpecs.parse(acl);
            try (GridSettings.Client client = GridSettings.client(eds.root().config())) {
                client.servers().setAcl(id, entries);
            }
            return 0;
        }
    }

    /** {@code mdm eds getacl}. */
    @Command(name = "getacl", mixinStandardHelpOptions = true,
            description = "Print the owner and ACL of key ID as each answering key server holds it.")
    static final class GetAcl implements Callable<Integer> {
        @ParentCommand
        private EdsCommand eds;

        @Parameters(index = "0", paramLabel = "ID", description = "Key id.")
        private String id;

        @Override
        public Integer call() throws Exception {
            Map<URI, AclDocument> acls;
            try (GridSettings.Client client = GridSettings.client(eds.root().config())) {
                acls = client.servers().getAcl(id);
            }
            for (Map.Entry<URI, AclDocument> e : acls.entrySet()) {
                eds.root().out().println(e.getKey() + ":");
                AclSpecs.format(e.getValue()).forEach(line -> eds.root().out().println("  " + line));
            }
            for (URI server : GridSettings.keyServersConfig(eds.root().config()).servers()) {
                if (!acls.containsKey(server)) { // k answered, so the ACL is known; say which one may differ
                    eds.root().err().println("mdm eds getacl: " + server + " did not answer (down, refused or slow);"
                            + " its ACL of " + id + " is not shown and may differ.");
                }
            }
            return 0;
        }
    }

    /** The key {@code id} rebuilt from k shares; the caller destroys it. */
    /** Work done with a rebuilt key. */
    @FunctionalInterface
    interface KeyUse {
        /** Uses the key; it is destroyed afterwards, whatever happens. */
        void accept(ImageKey key) throws MdmException;
    }

    /** Rebuilds key {@code id} from k servers, hands it to {@code use}, then wipes it. */
    void withKey(String id, KeyUse use) throws MdmException {
        ImageKey key;
        try (GridSettings.Client client = GridSettings.client(parent.config())) {
            key = client.servers().fetch(id);
        }
        try {
            use.accept(key);
        } finally {
            key.destroy();
        }
    }
}
