/**
 * Signed, archival PDF reports: the shared foundation the DR drill report and the customer-facing Trust Report are
 * built on. Owns the report description ({@link com.companyos.reports.ReportDocument} and its
 * {@link com.companyos.reports.ReportBlock}s), its rendering to PDF/A-3b with PDFBox alone
 * ({@link com.companyos.reports.PdfComposer}: embedded DejaVu fonts, XMP metadata, sRGB output intent, associated
 * files) and PAdES signing ({@link com.companyos.reports.PdfSigner}: ETSI.CAdES.detached, incremental save).
 * <p>
 * Plain classes without Spring state: a feature composes a {@code ReportDocument} from its own records, renders it
 * and signs it with the key it is given (the console's document-signing key, see {@code keys.ControlPlaneKeys}); it never
 * depends on a feature, so every feature may use it. See {@code docs/adr/0007-signed-archival-pdf.md}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "pki"})
package com.companyos.reports;
