package org.mdm.catalog.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What to look up: the entries of {@link #directories()} (each directory once) matching the
 * condition, and per match the values of {@link #selected()}.
 *
 * @param directories every directory involved, in result order: those named first (find's
 *                    directory), then those of the selected attributes, then those only the
 *                    condition names
 */
public record MetadataQuery(List<String> directories, List<Operand.Attribute> selected, Optional<Condition> condition) {

    public MetadataQuery {
        directories = List.copyOf(directories);
        selected = List.copyOf(selected);
    }

    /** A query over {@code first} (may be empty) and whatever the selected attributes and the condition name. */
    public static MetadataQuery of(List<String> first, List<Operand.Attribute> selected, Optional<Condition> condition) {
        Set<String> dirs = new LinkedHashSet<>(first);
        selected.forEach(a -> dirs.add(a.dir()));
        condition.ifPresent(c -> attributes(c).forEach(a -> dirs.add(a.dir())));
        return new MetadataQuery(new ArrayList<>(dirs), selected, condition);
    }

    /** The attributes {@code c} names, in text order (repeats included). */
    public static List<Operand.Attribute> attributes(Condition c) {
        List<Operand.Attribute> found = new ArrayList<>();
        collect(c, found);
        return found;
    }

    private static void collect(Condition c, List<Operand.Attribute> found) {
        if (c instanceof Condition.And and) {
            collect(and.left(), found);
            collect(and.right(), found);
        } else if (c instanceof Condition.Or or) {
            collect(or.left(), found);
            collect(or.right(), found);
        } else if (c instanceof Condition.Not not) {
            collect(not.inner(), found);
        } else {
            Condition.Comparison cmp = (Condition.Comparison) c;
            if (cmp.left() instanceof Operand.Attribute a) {
                found.add(a);
            }
            if (cmp.right() instanceof Operand.Attribute a) {
                found.add(a);
            }
        }
    }
}
