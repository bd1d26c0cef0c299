package com.companyos.agent.decisions;

/** How many receipts one hour holds for one seam, outcome and policy bundle: a row of the hourly rollup. */
record ReceiptCount(String seam, boolean allowed, String bundleVersion, String bundleSha256, long receipts) {
}
