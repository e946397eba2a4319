package org.mdm.nativeio;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the {@link NativeIo} implementation once per process. */
final class NativeIoLoader {
    static final NativeIo INSTANCE = load(LibcNativeIo::load, LoggerFactory.getLogger(NativeIo.class));

    private NativeIoLoader() {
    }

    /**
     * The native implementation from {@code factory}, or the fallback when it cannot load; in
     * that case exactly one WARN line says why, because every later call would otherwise
     * silently behave differently.
     */
    static NativeIo load(Supplier<NativeIo> factory, Logger log) {
        try {
            return factory.get();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | UnsupportedOperationException
                 | ExceptionInInitializerError e) {
            log.warn("Native I/O unavailable ({}); using the pure-Java fallback: space is reserved"
                    + " by writing zeros, page-cache advice and memory locking are off", reason(e));
            return new JavaNativeIo();
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e.getCause() != null ? e.getCause() : e;
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
