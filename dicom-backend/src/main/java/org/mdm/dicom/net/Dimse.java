package org.mdm.dicom.net;

/**
 * DIMSE constants (PS3.7): command fields, command-set tags and the status values this package
 * interprets. Kept in one place so the protocol classes read like the standard.
 */
final class Dimse {
    static final int C_STORE_RQ = 0x0001;
    static final int C_STORE_RSP = 0x8001;
    static final int C_GET_RQ = 0x0010;
    static final int C_GET_RSP = 0x8010;
    static final int C_FIND_RQ = 0x0020;
    static final int C_FIND_RSP = 0x8020;
    static final int C_MOVE_RQ = 0x0021;
    static final int C_MOVE_RSP = 0x8021;
    static final int C_ECHO_RQ = 0x0030;
    static final int C_ECHO_RSP = 0x8030;
    static final int C_CANCEL_RQ = 0x0FFF;

    static final int TAG_AFFECTED_SOP_CLASS = 0x00000002;
    static final int TAG_COMMAND_FIELD = 0x00000100;
    static final int TAG_MESSAGE_ID = 0x00000110;
    static final int TAG_MESSAGE_ID_RESPONDED = 0x00000120;
    static final int TAG_MOVE_DESTINATION = 0x00000600;
    static final int TAG_PRIORITY = 0x00000700;
    static final int TAG_DATA_SET_TYPE = 0x00000800;
    static final int TAG_STATUS = 0x00000900;
    static final int TAG_ERROR_COMMENT = 0x00000902;
    static final int TAG_AFFECTED_SOP_INSTANCE = 0x00001000;
    static final int TAG_REMAINING = 0x00001020;
    static final int TAG_COMPLETED = 0x00001021;
    static final int TAG_FAILED = 0x00001022;
    static final int TAG_WARNING = 0x00001023;
    static final int TAG_MOVE_ORIGINATOR_AET = 0x00001030;
    static final int TAG_MOVE_ORIGINATOR_ID = 0x00001031;

    /** Data Set Type value meaning "no data set follows". */
    static final int NO_DATA_SET = 0x0101;
    static final int STATUS_SUCCESS = 0x0000;
    static final int STATUS_PENDING = 0xFF00;
    static final int STATUS_PENDING_WARNING = 0xFF01;
    static final int STATUS_CANCEL = 0xFE00;
    /** C-STORE refused: out of resources (used when nobody waits for an object). */
    static final int STATUS_OUT_OF_RESOURCES = 0xA700;
    /** C-STORE failed: cannot understand (used for objects that fail the integrity check). */
    static final int STATUS_CANNOT_UNDERSTAND = 0xC000;

    private Dimse() {
    }

    static boolean isPending(int status) {
        return status == STATUS_PENDING || status == STATUS_PENDING_WARNING;
    }
}
