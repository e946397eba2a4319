/**
 * A plain backend for {@code file://} PFNs under one directory: files are copied into the spool
 * unchanged (no de-identification, no seal), so it is for data that is not patient data, such
 * as the GridFTP door's throughput benchmark.
 */
package org.mdm.file;
