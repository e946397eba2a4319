package org.mdm.dicom.net;

import java.util.List;

/**
 * A presentation context as proposed (several transfer syntaxes) or as accepted (the one the
 * acceptor chose, {@code result} 0).
 *
 * @param id               the odd context id, 1..255
 * @param abstractSyntax   the SOP class UID
 * @param transferSyntaxes proposed transfer syntaxes, or the single accepted one
 * @param result           0 accepted; 1-4 the PS3.8 rejection reasons; -1 for a proposal
 */
record PresentationContext(int id, String abstractSyntax, List<String> transferSyntaxes, int result) {

    PresentationContext {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    static PresentationContext proposal(int id, String abstractSyntax, List<String> transferSyntaxes) {
        return new PresentationContext(id, abstractSyntax, transferSyntaxes, -1);
    }

    boolean accepted() {
        return result == 0;
    }

    /** The accepted (or first proposed) transfer syntax. */
    String transferSyntax() {
        return transferSyntaxes.isEmpty() ? null : transferSyntaxes.get(0);
    }
}
