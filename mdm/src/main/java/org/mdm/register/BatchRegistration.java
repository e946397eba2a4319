package org.mdm.register;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.mdm.api.MdmException;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyOutcome;

/**
 * Registers a batch of objects with their keys made in bulk: the objects are checked and begun
 * in the journal one by one, then the keys of all begun ones go to the key servers in one
 * request per server and registrant ({@code registerAll}), and only then does each object go on
 * (C-STORE, dry run, catalogue) on the caller's workers. A key that failed fails its object
 * alone, undone like any failed registration.
 */
public final class BatchRegistration {
    private final Registrar registrar;

    public BatchRegistration(Registrar registrar) {
        this.registrar = registrar;
    }

    /**
     * Registers {@code batch}; the outcome of each object, in order (a failure is the future's
     * {@link MdmException}, naming the source).
     */
    public List<Future<Registrar.Outcome>> registerAll(List<Registrar.Submission> batch, ExecutorService workers) {
        List<CompletableFuture<Registrar.Outcome>> outcomes = new ArrayList<>();
        Map<Registrant, List<Registrar.Prepared>> begun = new LinkedHashMap<>();
        Map<String, CompletableFuture<Registrar.Outcome>> byKey = new LinkedHashMap<>();
        for (Registrar.Submission s : batch) {
            CompletableFuture<Registrar.Outcome> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            try {
                Registrar.Prepared p = registrar.prepare(s);
                if (byKey.containsKey(p.facts().keyId())) { // the same SOP twice in one batch: after the first
                    byKey.get(p.facts().keyId()).whenComplete((o, e) -> workers.execute(() -> {
                        try {
                            outcome.complete(registrar.register(s));
                        } catch (MdmException | RuntimeException again) {
                            outcome.completeExceptionally(again);
                        }
                    }));
                    continue;
                }
                Optional<Registrar.Outcome> done = registrar.begin(p);
                if (done.isPresent()) {
                    outcome.complete(done.get());
                } else {
                    begun.computeIfAbsent(p.who(), r -> new ArrayList<>()).add(p);
                    byKey.put(p.facts().keyId(), outcome);
                }
            } catch (MdmException | RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }
        begun.forEach((who, prepared) -> keysThenRest(who, prepared, byKey, workers));
        return new ArrayList<>(outcomes);
    }

    /** One registerAll for the registrant's begun objects, then the rest of each on the workers. */
    private void keysThenRest(Registrant who, List<Registrar.Prepared> prepared,
            Map<String, CompletableFuture<Registrar.Outcome>> byKey, ExecutorService workers) {
        List<ImageKey> keys = new ArrayList<>();
        Map<String, KeyOutcome<Void>> made;
        try {
            for (Registrar.Prepared p : prepared) {
                keys.add(ImageKey.generate(p.facts().keyId()));
            }
            made = registrar.keys().registerAll(keys, KeyAcl.of(registrar.seDn(), who));
        } catch (MdmException | RuntimeException e) {
            for (Registrar.Prepared p : prepared) {
                fail(p, e, byKey);
            }
            return;
        } finally {
            keys.forEach(ImageKey::destroy);
        }
        for (Registrar.Prepared p : prepared) {
            KeyOutcome<Void> key = made.get(p.facts().keyId());
            if (key == null || !key.ok()) {
                fail(p, key == null ? new IllegalStateException("no answer for its key") : key.failure(), byKey);
                continue;
            }
            CompletableFuture<Registrar.Outcome> outcome = byKey.get(p.facts().keyId());
            try {
                workers.execute(() -> {
                    try {
                        outcome.complete(registrar.complete(p, true));
                    } catch (MdmException | RuntimeException e) {
                        outcome.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException rejected) {
                fail(p, rejected, byKey);
            }
        }
    }

    private void fail(Registrar.Prepared p, Exception e, Map<String, CompletableFuture<Registrar.Outcome>> byKey) {
        MdmException error = registrar.undoAfter(p, e);
        registrar.release(p);
        byKey.get(p.facts().keyId()).completeExceptionally(error);
    }
}
