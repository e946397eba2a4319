package org.mdm.dicom.deid;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdm.dicom.deid.ProfileRule.OptionColumn;

/**
 * Turns a table row, the attribute's VR and the site's options into one {@link Action}.
 *
 * <p>Without the IOD's module tables we cannot tell whether an attribute is Type 1, 2 or 3, so a
 * compound code resolves to the choice that keeps any IOD valid: a code offering D gives D
 * ({@code X/D}, {@code Z/D}, {@code X/Z/D}), {@code X/Z} gives Z, and {@code X/Z/U*} keeps the
 * sequence with its UIDs replaced. An option's code overrides the Basic Profile's (PS3.15
 * E.1.1); when two enabled options disagree, K wins over C because both were asked for.
 *
 * <p>Attributes the table does not list: DA and DT are treated as dates (PS3.15 E.1.1 note 4
 * recommends handling every date by VR), UI attributes are replaced unless they name a class,
 * transfer syntax or coding scheme (see {@link UidPolicy}), everything else is kept.
 */
final class RuleResolver {
    private final ProfileTable table;
    private final DeidOptions options;

    RuleResolver(ProfileTable table, DeidOptions options) {
        this.table = table;
        this.options = options;
    }

    /** The action for an attribute of the given tag, VR and keyword. */
    Action resolve(int tag, String vr, String keyword) {
        Optional<ProfileRule> rule = table.lookup(tag);
        Action action = rule.map(r -> fromRule(r, vr)).orElseGet(() -> unlisted(vr, keyword));
        return adaptToVr(action, vr, keyword);
    }

    private Action fromRule(ProfileRule rule, String vr) {
        List<String> optionCodes = new ArrayList<>();
        List<OptionColumn> dateColumns = new ArrayList<>();
        for (OptionColumn column : enabledColumns()) {
            String code = rule.option(column);
            if (!code.isEmpty()) {
                optionCodes.add(code);
                if (column == OptionColumn.MODIFIED_DATES) {
                    dateColumns.add(column);
                }
            }
        }
        if (optionCodes.contains("K")) {
            return Action.KEEP;
        }
        if (optionCodes.contains("C")) {
            // C under the modified-dates option means "shift"; elsewhere it means "clean".
            return dateColumns.isEmpty() ? Action.CLEAN : Action.SHIFT;
        }
        return basic(rule.basic());
    }

    private List<OptionColumn> enabledColumns() {
        List<OptionColumn> columns = new ArrayList<>();
        if (options.uids()) {
            columns.add(OptionColumn.UIDS);
        }
        if (options.deviceIdentity()) {
            columns.add(OptionColumn.DEVICE_IDENTITY);
        }
        if (options.institutionIdentity()) {
            columns.add(OptionColumn.INSTITUTION_IDENTITY);
        }
        if (options.patientCharacteristics()) {
            columns.add(OptionColumn.PATIENT_CHARACTERISTICS);
        }
        if (options.longitudinalFullDates()) {
            columns.add(OptionColumn.FULL_DATES);
        }
        if (options.longitudinalModifiedDates()) {
            columns.add(OptionColumn.MODIFIED_DATES);
        }
        if (options.cleanDescriptors()) {
            columns.add(OptionColumn.CLEAN_DESCRIPTORS);
        }
        return columns;
    }

    /** Resolves a Basic Profile code, compound codes included. */
    static Action basic(String code) {
        switch (code) {
            case "X":
                return Action.REMOVE;
            case "Z":
            case "X/Z":
                return Action.EMPTY;
            case "D":
            case "X/D":
            case "Z/D":
            case "X/Z/D":
                return Action.DUMMY;
            case "U":
            case "X/Z/U*":
                return Action.UID;
            case "K":
                return Action.KEEP;
            case "C":
                return Action.CLEAN;
            default:
                throw new IllegalStateException("Unknown Table E.1-1 action code '" + code + "'");
        }
    }

    private Action unlisted(String vr, String keyword) {
        if ("DA".equals(vr) || "DT".equals(vr)) {
            if (options.longitudinalFullDates()) {
                return Action.KEEP;
            }
            return options.longitudinalModifiedDates() ? Action.SHIFT : Action.EMPTY;
        }
        if ("UI".equals(vr) && !options.uids() && !UidPolicy.isClassLike(keyword)) {
            return Action.UID;
        }
        return Action.KEEP;
    }

    /** Maps an action onto what makes sense for the VR (a sequence cannot hold a dummy, ...). */
    private static Action adaptToVr(Action action, String vr, String keyword) {
        if ("SQ".equals(vr)) {
            return action == Action.REMOVE || action == Action.EMPTY ? action : Action.KEEP;
        }
        if ("UN".equals(vr)) {
            // A value of unknown VR cannot be replaced, shifted or cleaned as its real VR would
            // be; what the profile asks to change, it removes.
            return action == Action.KEEP || action == Action.EMPTY ? action : Action.REMOVE;
        }
        if (action == Action.UID && !"UI".equals(vr)) {
            return Action.DUMMY;
        }
        if (action == Action.DUMMY && "UI".equals(vr)) {
            return UidPolicy.isClassLike(keyword) ? Action.KEEP : Action.UID;
        }
        if (action == Action.SHIFT && !"DA".equals(vr) && !"DT".equals(vr)) {
            // Whole-day shifts leave times (TM) and time zones as they were.
            return Action.KEEP;
        }
        return action;
    }
}
