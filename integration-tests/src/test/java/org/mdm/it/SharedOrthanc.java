package org.mdm.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JUnit 5 extension giving every test class of the run the same Orthanc, loaded once with the
 * {@link SampleImages} (loading takes seconds; per test it would dominate the run). Use it with
 * {@code @ExtendWith(SharedOrthanc.class)} and a {@link Fixture} parameter (in a {@code @BeforeAll}
 * or test method). The Orthanc lists {@link Fixture#STORE_SCP_AET} on {@link Fixture#storeScpPort()}
 * as C-MOVE destination: a retriever using MOVE must run its Store SCP there (one at a time).
 * Orthanc stops when the run ends. Tests must not modify its content.
 */
public final class SharedOrthanc implements ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(SharedOrthanc.class);

    /**
     * The shared state.
     *
     * @param orthanc      the server
     * @param samples      what it holds
     * @param storeScpPort the port reserved for a test retriever's Store SCP
     */
    @SuppressWarnings("deprecation") // CloseableResource: the store closes it at the end of the run
    public record Fixture(OrthancServer orthanc, SampleImages samples, int storeScpPort)
            implements ExtensionContext.Store.CloseableResource {
        /** The AE title Orthanc knows as C-MOVE destination. */
        public static final String STORE_SCP_AET = "MDMSCP";

        @Override
        public void close() {
            orthanc.stop();
            samples.deleteCopies();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Fixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(ExtensionContext.Namespace.create(SharedOrthanc.class))
                .getOrComputeIfAbsent(Fixture.class, k -> start(), Fixture.class);
    }

    private static Fixture start() {
        try {
            int scpPort = OrthancServer.freePort();
            long t0 = System.nanoTime();
            OrthancServer orthanc = OrthancServer.builder().moveDestination(Fixture.STORE_SCP_AET, scpPort).start();
            long t1 = System.nanoTime();
            SampleImages samples = SampleImages.load(orthanc);
            LOG.info("Orthanc started in {} ms, samples loaded in {} ms. {}", (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000, samples.summary());
            return new Fixture(orthanc, samples, scpPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
