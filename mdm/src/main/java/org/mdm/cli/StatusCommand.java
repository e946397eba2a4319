package org.mdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mdm status}: what the running SE is doing, asked over its admin channel. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show what the running mdm serve is doing: sessions and transfers, stages running and",
            "queued, spool usage and pins, cached keys, DICOM associations per server, DICOM push (images",
            "registered, again and failed), uptime.", "",
            "It asks the SE of this configuration over its admin socket (se.admin.socket), which only the",
            "SE's own user can open."})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    private MdmCommand parent;

    @Option(names = "--json", description = "Print JSON, for monitoring scripts.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        MdmConfig config = parent.config();
        java.nio.file.Path socket = AdminSocket.of(config);
        Optional<String> answer = AdminSocket.ask(socket, "status");
        if (answer.isEmpty()) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "No mdm serve answers on " + socket + ": start it"
                    + " (mdm serve), or give this command the SE's configuration (--config, or -D spool.dir /"
                    + " se.admin.socket).");
        }
        JsonNode tree = AdminAnswers.parse(answer.get());
        if (json) {
            parent.out().println(AdminAnswers.json(tree));
        } else {
            print(tree, "", parent.out());
        }
        return 0;
    }

    /** The tree as indented "name: value" lines. */
    static void print(JsonNode node, String indent, PrintWriter out) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getValue().isObject() && field.getValue().isEmpty()) {
                out.println(indent + field.getKey() + ": (none)");
            } else if (field.getValue().isObject()) {
                out.println(indent + field.getKey() + ":");
                print(field.getValue(), indent + "  ", out);
            } else {
                out.println(indent + field.getKey() + ": " + field.getValue().asText());
            }
        }
    }
}
