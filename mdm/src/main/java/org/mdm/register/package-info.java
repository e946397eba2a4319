/**
 * Registration as a library call: {@code mdm register}, the DICOM push SCP and other programs
 * record images in the key servers, the DICOM server and the catalogue, all or nothing.
 */
package org.mdm.register;
