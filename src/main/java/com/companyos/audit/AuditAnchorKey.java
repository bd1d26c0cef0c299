package com.companyos.audit;

import com.companyos.pki.SigningKey;

/**
 * The key that signs the audit chain's anchors: the control plane's own Ed25519 key, provided by the module that holds
 * the control plane's keys (which itself records into the audit log, so the dependency points this way round).
 */
public interface AuditAnchorKey {

    SigningKey anchorSigningKey();
}
