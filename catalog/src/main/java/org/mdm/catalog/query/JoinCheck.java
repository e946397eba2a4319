package org.mdm.catalog.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Refuses a query whose directories are not all tied together by equality joins
 * ({@code /mdm/IMAGE:patient=/mdm/PATIENT:FILE}) among the condition's top-level and-ed terms.
 *
 * <p>AMGA answers such a query with the cross product of the directories; with a million images
 * and ten thousand patients that is 10^10 rows, every one of which the service would have to check
 * rights for before dropping it. A row limit would cut the answer, not the work, so the query is
 * refused with the join it lacks named instead. A join under {@code or} or {@code not} does not
 * count: the other branch would still be a cross product.
 */
final class JoinCheck {
    private JoinCheck() {
    }

    /** @throws MdmException INVALID_REQUEST naming directories no join ties to the first one */
    static void requireJoined(MetadataQuery query) throws MdmException {
        List<String> dirs = query.directories();
        if (dirs.size() < 2) {
            return;
        }
        Map<String, String> parent = new HashMap<>();
        dirs.forEach(d -> parent.put(d, d));
        List<Condition.Comparison> joins = new ArrayList<>();
        query.condition().ifPresent(c -> topLevelJoins(c, joins));
        for (Condition.Comparison join : joins) {
            String a = root(parent, ((Operand.Attribute) join.left()).dir());
            String b = root(parent, ((Operand.Attribute) join.right()).dir());
            parent.put(a, b);
        }
        String first = root(parent, dirs.get(0));
        List<String> loose = dirs.stream().filter(d -> !root(parent, d).equals(first)).toList();
        if (!loose.isEmpty()) {
            throw new MdmException(Status.INVALID_REQUEST, "The query involves " + dirs + " but no equality joins "
                    + loose + " to " + dirs.get(0) + " (such as /mdm/IMAGE:patient=/mdm/PATIENT:FILE, and-ed with the"
                    + " rest of the condition); a cross product of directories is refused.");
        }
    }

    private static void topLevelJoins(Condition c, List<Condition.Comparison> joins) {
        if (c instanceof Condition.And and) {
            topLevelJoins(and.left(), joins);
            topLevelJoins(and.right(), joins);
        } else if (c instanceof Condition.Comparison cmp && cmp.op() == ComparisonOperator.EQ
                && cmp.left() instanceof Operand.Attribute l && cmp.right() instanceof Operand.Attribute r
                && !l.dir().equals(r.dir())) {
            joins.add(cmp);
        }
    }

    private static String root(Map<String, String> parent, String dir) {
        String d = dir;
        while (!parent.get(d).equals(d)) {
            d = parent.get(d);
        }
        return d;
    }
}
