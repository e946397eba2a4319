package org.mdm.dicom.net;

/**
 * Lets a long DICOM operation learn that its caller gave up, so it can abort the association
 * rather than finish work nobody wants. A staging request adapts to it directly.
 */
public interface CancelSignal {
    /** A signal that never fires. */
    CancelSignal NEVER = new CancelSignal() {
        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void onCancel(Runnable hook) {
        }
    };

    /** True once the caller cancelled. */
    boolean isCancelled();

    /** Runs the hook when the caller cancels (at once if it already has). */
    void onCancel(Runnable hook);
}
