/**
 * The transform SPI: a deterministic conversion of one retrieved object (de-identification,
 * format conversion) that also reports what it erased, for the metadata catalogue.
 */
package org.mdm.api.transform;
