package org.mdm.dicom;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mdm.api.Backend;
import org.mdm.api.BackendContext;
import org.mdm.api.BackendProvider;
import org.mdm.api.MdmException;
import org.mdm.api.transform.Transform;
import org.mdm.api.transform.TransformProvider;
import org.mdm.api.transform.TransformRegistry;
import org.mdm.dicom.deid.DeidTransform;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.PooledRetriever;
import org.mdm.dicom.pipeline.Transforms;

/**
 * Creates DICOM backends (type {@code dicom}). Configuration keys: the retrieval keys of
 * {@link RetrieverSettings} ({@code calling.aet}, {@code retrieve.method}, {@code move.servers},
 * {@code move.scp.aet}, {@code move.scp.port}, {@code pool.max.per.server}, {@code
 * pool.idle.seconds}, {@code connect.timeout.ms}, {@code read.timeout.ms}), {@code stage.threads}
 * (default 8), and for each transform found on the classpath its own keys prefixed with its
 * name (e.g. {@code deid.secret.file}). The site secret of {@code deid} also names image keys
 * ({@link ImageKeyIds}), so it is required even where no PFN asks for de-identification.
 */
public final class DicomBackendProvider implements BackendProvider {
    /** The backend type name. */
    public static final String TYPE = "dicom";
    static final String STAGE_THREADS = "stage.threads";
    /** Requests queued beyond the busy stagers before new ones are refused. */
    private static final int QUEUE_LENGTH = 10_000;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> configKeys() {
        Set<String> keys = new HashSet<>(RetrieverSettings.KEYS);
        keys.add(STAGE_THREADS);
        for (TransformProvider provider : ServiceLoader.load(TransformProvider.class, loader())) {
            for (String key : provider.configKeys()) {
                keys.add(provider.name() + "." + key);
            }
        }
        return keys;
    }

    @Override
    public Backend create(String name, Map<String, String> config, BackendContext context) throws MdmException {
        int threads = new RetrieverSettings.Settings(name, config).integer(STAGE_THREADS, 8, 1, 1024);
        Transforms transforms = transforms(config);
        PooledRetriever retriever = new PooledRetriever(RetrieverSettings.parse(name, config));
        ImageKeyIds keyIds = ImageKeyIds.fromConfig(section(config, DeidTransform.NAME));
        return new DicomBackend(name, retriever, transforms, context, keyIds, stagers(name, threads));
    }

    private static Transforms transforms(Map<String, String> config) throws MdmException {
        TransformRegistry registry = TransformRegistry.load(loader());
        Map<String, Transform> transforms = new HashMap<>();
        for (String transformName : registry.names()) {
            transforms.put(transformName, registry.create(transformName, section(config, transformName)));
        }
        return new Transforms(transforms);
    }

    /** The keys under {@code prefix.}, without the prefix. */
    private static Map<String, String> section(Map<String, String> config, String prefix) {
        Map<String, String> own = new HashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) {
                own.put(k.substring(prefix.length() + 1), v);
            }
        });
        return own;
    }

    private static ExecutorService stagers(String name, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "dicom-stage-" + name + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_LENGTH),
                factory);
    }

    private static ClassLoader loader() {
        return DicomBackendProvider.class.getClassLoader();
    }
}
