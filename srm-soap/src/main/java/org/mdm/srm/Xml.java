package org.mdm.srm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One element of an SRM message without namespaces: SOAP rpc/encoded puts only the operation
 * element in the SRM namespace, and its parts are plain local names (see the WSDL). Messages are
 * read into this tree by {@link SoapCodec} and built with it to be written by the same.
 * An element has text or children, never both (the WSDL's types are like that).
 */
public final class Xml {
    private final String name;
    private final String text;
    private final List<Xml> children;

    private Xml(String name, String text, List<Xml> children) {
        this.name = name;
        this.text = text;
        this.children = children;
    }

    /** An element holding {@code text}. */
    public static Xml text(String name, Object text) {
        return new Xml(name, String.valueOf(text), List.of());
    }

    /** An element holding {@code children} in order (nulls are left out: optional parts). */
    public static Xml of(String name, Xml... children) {
        List<Xml> list = new ArrayList<>(children.length);
        for (Xml c : children) {
            if (c != null) {
                list.add(c);
            }
        }
        return new Xml(name, null, list);
    }

    /** An element holding {@code children} in order. */
    public static Xml of(String name, List<Xml> children) {
        return new Xml(name, null, List.copyOf(children));
    }

    public String name() {
        return name;
    }

    /** The text, or null for an element with children. */
    public String text() {
        return text;
    }

    public List<Xml> children() {
        return Collections.unmodifiableList(children);
    }

    /** The first child named {@code child}. */
    public Optional<Xml> child(String child) {
        for (Xml c : children) {
            if (c.name.equals(child)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Every child named {@code child}, in order. */
    public List<Xml> all(String child) {
        List<Xml> found = new ArrayList<>();
        for (Xml c : children) {
            if (c.name.equals(child)) {
                found.add(c);
            }
        }
        return found;
    }

    /** The trimmed text of the first child named {@code child}, if it has any. */
    public Optional<String> textOf(String child) {
        return child(child).map(c -> c.text == null ? "" : c.text.trim()).filter(t -> !t.isEmpty());
    }

    /** The texts of the array {@code array}'s items named {@code item} ({@code <arrayOfSURLs><urlArray>}). */
    public List<String> texts(String array, String item) {
        List<String> found = new ArrayList<>();
        child(array).ifPresent(a -> a.all(item).forEach(i -> {
            if (i.text != null && !i.text.isBlank()) {
                found.add(i.text.trim());
            }
        }));
        return found;
    }

    /** A reader's tree: children are added while parsing. */
    public static Xml parsed(String name) {
        return new Xml(name, null, new ArrayList<>());
    }

    public Xml withText(String value) {
        return new Xml(name, value, children);
    }

    public void add(Xml child) {
        children.add(child);
    }
}
