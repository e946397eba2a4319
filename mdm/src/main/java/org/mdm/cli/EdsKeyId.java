package org.mdm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.Uids;
import org.mdm.dicom.deid.ImageKeyIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mdm eds keyid}: the key id the storage element seals an image with, so that a
 * researcher (or, later, registration) can register the image's key before it is served.
 */
@Command(name = "keyid", mixinStandardHelpOptions = true,
        description = {"Print the key id the SE seals each IMAGE with: its de-identified SOP Instance UID",
            "(2.25.<keyed hash> under the site secret dicom.deid.secret.file), one per line.",
            "Register it (mdm eds register ID --acl 'dn:<SE host DN>:read') before the image is fetched."})
final class EdsKeyId implements Callable<Integer> {
    @ParentCommand
    private EdsCommand eds;

    @Parameters(arity = "1..*", paramLabel = "IMAGE",
            description = "A PFN, STUDY/SERIES/SOP, or a SOP Instance UID.")
    private List<String> images;

    @Override
    public Integer call() throws Exception {
        MdmConfig config = eds.root().config();
        List<String> uids = new ArrayList<>();
        for (String image : images) {
            uids.add(sopInstanceUid(image)); // every argument checked before the secret may be created
        }
        SiteSecret.ensure(config.path("dicom.deid.secret.file"), eds.root().err());
        ImageKeyIds ids = ImageKeyIds.fromConfig(config.section("dicom.deid."));
        for (String uid : uids) {
            eds.root().out().println(ids.of(uid));
        }
        return 0;
    }

    static String sopInstanceUid(String image) throws MdmException {
        if (image.contains("://")) {
            DicomPfn pfn = DicomPfn.parse(image);
            if (pfn.isSeries()) {
                throw new MdmException(Status.INVALID_REQUEST, "'" + image + "' names a series; a key belongs to one"
                        + " image: append /<SOPInstanceUID>.");
            }
            return pfn.instanceUid();
        }
        String[] parts = (image.startsWith("/") ? image.substring(1) : image).split("/", -1);
        if (parts.length != 1 && parts.length != 3) {
            throw new MdmException(Status.INVALID_REQUEST, "'" + image + "' is neither a PFN, STUDY/SERIES/SOP nor a"
                    + " SOP Instance UID.");
        }
        for (String uid : parts) {
            Uids.require(uid, "UID", image);
        }
        return parts[parts.length - 1];
    }
}
