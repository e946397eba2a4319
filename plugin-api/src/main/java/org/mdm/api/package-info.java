/**
 * The MDM plugin API: what a storage element calls and what a backend implements.
 *
 * <p>A storage element (SE) resolves a logical path to a {@link org.mdm.api.Pfn physical file
 * name}, finds the {@link org.mdm.api.Backend} for its scheme through the {@link
 * org.mdm.api.BackendRegistry} (ServiceLoader), and submits a {@link org.mdm.api.StageRequest}.
 * The backend produces the file in a {@link org.mdm.api.spool.Spool} (reserving space before
 * the first byte) and completes the request with a pinned {@link org.mdm.api.spool.SpoolFile}.
 * Every failure is one {@link org.mdm.api.MdmException} whose {@link org.mdm.api.Status} maps to
 * SRM status codes and FTP reply codes.
 *
 * <p>This module depends on the JDK only, so an existing SE can embed a backend without taking
 * any of MDM's doors or libraries.
 */
package org.mdm.api;
