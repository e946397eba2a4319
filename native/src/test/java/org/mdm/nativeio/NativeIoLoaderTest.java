package org.mdm.nativeio;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class NativeIoLoaderTest {

    @Test
    void fallsBackWithExactlyOneWarningWhenLibcCannotLoad() {
        Logger log = mock(Logger.class);
        NativeIo io = NativeIoLoader.load(() -> {
            throw new UnsatisfiedLinkError("libc.so.6 not found");
        }, log);
        assertInstanceOf(JavaNativeIo.class, io);
        verify(log, times(1)).warn(contains("fallback"), any(Object.class));
        verify(log, times(0)).warn(anyString());
    }

    @Test
    void usesTheNativeImplementationSilentlyWhenItLoads() {
        Logger log = mock(Logger.class);
        NativeIo expected = new JavaNativeIo();
        assertSame(expected, NativeIoLoader.load(() -> expected, log));
        verifyNoInteractions(log);
    }

    @Test
    void theProcessWideInstanceIsStable() {
        assertSame(NativeIo.get(), NativeIo.get());
    }
}
