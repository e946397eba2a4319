package org.mdm.gridftp.client;

/**
 * A completed download: the server said 226 and every byte it announced arrived.
 *
 * @param bytes   the file's length
 * @param streams the data connections used
 */
public record TransferResult(long bytes, int streams) {
}
