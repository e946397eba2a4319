/**
 * Thin bindings to the libc calls the JDK does not expose: block preallocation, file-system
 * space, page-cache advice, and memory locking for key buffers. {@link org.mdm.nativeio.NativeIo#get()}
 * returns the JNA implementation on Linux and a pure-Java fallback elsewhere.
 */
package org.mdm.nativeio;
