package org.mdm.dicom.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.transform.ErasedValue;
import org.mdm.api.transform.Transform;
import org.mdm.api.transform.TransformReport;

/**
 * The {@code deid} transform: PS3.15 Annex E Basic Application Level Confidentiality Profile with
 * the options of {@link DeidOptions}, deterministic under a site secret.
 *
 * <p>The whole object is read and checked before a single byte is written, so a corrupt or
 * truncated input produces no output at all. Thread-safe: nothing mutable is shared between
 * calls.
 */
public final class DeidTransform implements Transform {
    /** The transform's name in PFNs. */
    public static final String NAME = "deid";

    private final KeyedHasher hasher;
    private final DeidOptions options;
    private final RuleResolver resolver;

    /**
     * A transform with the given secret (at least 32 bytes) and options, using the bundled
     * Table E.1-1.
     */
    public DeidTransform(byte[] secret, DeidOptions options) {
        this(secret, options, ProfileTable.load());
    }

    DeidTransform(byte[] secret, DeidOptions options, ProfileTable table) {
        if (secret.length < DeidTransformProvider.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret must be at least " + DeidTransformProvider.MIN_SECRET_BYTES
                    + " bytes");
        }
        this.hasher = new KeyedHasher(secret);
        this.options = options;
        this.resolver = new RuleResolver(table, options);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The options in force. */
    public DeidOptions options() {
        return options;
    }

    @Override
    public TransformReport apply(InputStream source, OutputStream sink, String label) throws MdmException {
        byte[] input;
        try {
            input = source.readAllBytes();
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot read " + label + " for de-identification: "
                    + e.getMessage() + ".", e);
        }
        Part10Layout layout = Part10Scanner.scan(input, label);
        AttributeList list = DataSetReader.read(layout, label);
        Part10Writer.Encoded output;
        List<ErasedValue> erased = new ArrayList<>();
        try {
            output = transform(list, layout, label, erased);
        } catch (AttributeFailure e) {
            throw Part10Scanner.corrupt(label, e.getMessage());
        } catch (DicomException | IOException | RuntimeException e) {
            throw Part10Scanner.corrupt(label, "the de-identified object cannot be written: PixelMed refused it ("
                    + AttributeFailure.reason(e) + ")" + Part10Writer.culprit(list, layout));
        }
        try {
            output.writeTo(sink);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot write the de-identified " + label + ": " + e.getMessage()
                    + ".", e);
        }
        return new TransformReport(erased);
    }

    private Part10Writer.Encoded transform(AttributeList list, Part10Layout layout, String label, List<ErasedValue> erased)
            throws DicomException, IOException, MdmException, AttributeFailure {
        String patientId = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID);
        DateShifter shifter = new DateShifter(hasher.dateOffsetDays(patientId));
        DescriptorCleaner cleaner = new DescriptorCleaner(IdentifyingValues.collect(list, resolver));
        erased.addAll(new ProfileApplier(resolver, hasher, shifter, cleaner).apply(list));
        erased.addAll(new DeidMarker(options).mark(list));
        String sopClass = firstNonEmpty(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID),
                layout.meta().getOrDefault(0x00020002, ""));
        String sopInstance = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID);
        if (sopInstance.isEmpty()) {
            String original = layout.meta().getOrDefault(0x00020003, "");
            sopInstance = options.uids() || original.isEmpty() ? original : hasher.uid(original);
        }
        if (sopClass.isEmpty() || sopInstance.isEmpty()) {
            throw Part10Scanner.corrupt(label, "it has no SOP Class UID or SOP Instance UID");
        }
        erased.addAll(0, metaChanges(layout.meta(), MetaHeader.asText(sopClass, sopInstance,
                layout.transferSyntaxUid())));
        return Part10Writer.write(list, layout, sopClass, sopInstance);
    }

    /** The original meta elements that the fresh meta header drops or changes (group length aside). */
    private static List<ErasedValue> metaChanges(Map<Integer, String> original, Map<Integer, String> written) {
        List<ErasedValue> changes = new ArrayList<>();
        original.forEach((tag, value) -> {
            if ((tag & 0xFFFF) == 0) {
                return;
            }
            AttributeTag attributeTag = new AttributeTag(tag >>> 16, tag & 0xFFFF);
            String now = written.get(tag);
            if (now == null || !now.equals(value)) {
                changes.add(new ErasedValue(ValueText.tag(attributeTag), ValueText.keyword(attributeTag), value,
                        now == null ? ErasedValue.Action.REMOVED : ErasedValue.Action.REPLACED));
            }
        });
        return changes;
    }

    private static String firstNonEmpty(String first, String second) {
        return first.isEmpty() ? second : first;
    }
}
