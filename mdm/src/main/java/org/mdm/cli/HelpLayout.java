package org.mdm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The layout of every {@code --help} text. Picocli wraps with the JDK's line BreakIterator, which
 * breaks after any dot ("se." / "host.*"), so a configuration key or a UID could be split across
 * lines and copied wrong. These renderers wrap at spaces only, and the command list shows the
 * first whole sentence of each command's description.
 *
 * <p>A description is written as an array of fragments that join with spaces into one paragraph;
 * an empty fragment starts a new paragraph.
 */
final class HelpLayout {
    static final int WIDTH = 80;
    private static final int COLUMN = 24;

    private HelpLayout() {
    }

    /** Installs the renderers on {@code commandLine} and all its subcommands. */
    static void install(CommandLine commandLine) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> paragraphs(help.commandSpec().usageMessage().description()));
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
                help -> parameters(help.commandSpec()));
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> options(help.commandSpec()));
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                help -> commands(help.commandSpec()));
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            install(sub);
        }
    }

    /** The fragments as wrapped paragraphs. */
    static String paragraphs(String[] fragments) {
        StringBuilder out = new StringBuilder();
        for (String paragraph : joined(fragments)) {
            out.append(out.length() == 0 ? "" : "\n").append(wrap(paragraph, 0, 0));
        }
        return out.toString();
    }

    /** The first sentence of a description: what a command list shows. */
    static String summary(String[] fragments) {
        List<String> paragraphs = joined(fragments);
        if (paragraphs.isEmpty()) {
            return "";
        }
        String text = paragraphs.get(0);
        for (int i = text.indexOf(". "); i >= 0; i = text.indexOf(". ", i + 1)) {
            if (Character.isUpperCase(text.charAt(i + 2))) {
                return text.substring(0, i + 1);
            }
        }
        return text;
    }

    /**
     * {@code text} wrapped at spaces to {@link #WIDTH}: the first line starts at column {@code
     * first} (the caller has written that much), the others are indented by {@code indent}. A word
     * longer than a line stays whole.
     */
    static String wrap(String text, int first, int indent) {
        StringBuilder out = new StringBuilder();
        int column = first;
        boolean lineEmpty = true;
        for (String word : text.trim().split(" +")) {
            if (!lineEmpty && column + 1 + word.length() > WIDTH) {
                out.append('\n').append(" ".repeat(indent));
                column = indent;
                lineEmpty = true;
            }
            if (!lineEmpty) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            lineEmpty = false;
        }
        return out.append('\n').toString();
    }

    private static List<String> joined(String[] fragments) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String fragment : fragments) {
            // picocli's own texts (the help command) mark line breaks with %n
            String[] pieces = fragment.split("%n", -1);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0 || pieces[i].isBlank()) {
                    flush(current, paragraphs);
                }
                if (!pieces[i].isBlank()) {
                    current.append(current.length() == 0 ? "" : " ").append(pieces[i].trim());
                }
            }
        }
        flush(current, paragraphs);
        return paragraphs;
    }

    private static void flush(StringBuilder current, List<String> paragraphs) {
        if (current.length() > 0) {
            paragraphs.add(current.toString());
            current.setLength(0);
        }
    }

    private static String commands(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        int width = spec.subcommands().keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden() || !sub.name().equals(e.getKey())) {
                continue; // aliases are listed once, under the command's name
            }
            String left = "  " + e.getKey();
            out.append(left).append(" ".repeat(width - left.length()));
            String[] header = sub.usageMessage().header();
            out.append(wrap(summary(header.length > 0 ? header : sub.usageMessage().description()), width, width));
        }
        return out.toString();
    }

    private static String options(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        List<OptionSpec> sorted = new ArrayList<>(spec.options());
        sorted.sort(java.util.Comparator.comparing(o -> o.shortestName().replaceFirst("^-+", "").toLowerCase()));
        for (OptionSpec option : sorted) {
            if (!option.hidden()) {
                out.append(row(optionLabel(option), option));
            }
        }
        return out.toString();
    }

    private static String parameters(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        for (PositionalParamSpec param : spec.positionalParameters()) {
            if (!param.hidden()) {
                out.append(row("      " + param.paramLabel(), param));
            }
        }
        return out.toString();
    }

    private static String optionLabel(OptionSpec option) {
        String shortName = null;
        String longName = null;
        for (String name : option.names()) {
            if (name.startsWith("--") || name.length() > 2) {
                longName = longName == null ? name : longName;
            } else {
                shortName = shortName == null ? name : shortName;
            }
        }
        String label = shortName == null ? "      " + longName
                : "  " + shortName + (longName == null ? "" : ", " + longName);
        return option.arity().max() > 0 ? label + "=" + option.paramLabel() : label;
    }

    private static String row(String left, ArgSpec arg) {
        String description = String.join(" ", arg.description());
        if (left.length() >= COLUMN - 1) {
            return left + "\n" + " ".repeat(COLUMN) + wrap(description, COLUMN, COLUMN);
        }
        return left + " ".repeat(COLUMN - left.length()) + wrap(description, COLUMN, COLUMN);
    }
}
