package org.mdm.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.mdm.cli.Main;
import picocli.CommandLine;

/** One in-process run of the {@code mdm} command line, with what it printed. */
record MdmCli(int code, String out, String err) {

    static MdmCli run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));
        return new MdmCli(code, out.toString(), err.toString());
    }
}
