package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.data.Receipt;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.pki.SigningKey;
import org.springframework.stereotype.Component;

/**
 * Signs receipts with this region's Ed25519 key. The body is canonical JSON (keys sorted, no white space), and the
 * signature covers exactly its UTF-8 bytes, so {@code openssl pkeyutl -verify -rawin} checks a saved body.
 */
@Component
public class ReceiptSigner {

    private final SigningKey key;

    ReceiptSigner(AgentSettings settings) {
        this.key = SigningKey.load(settings.signingKey(), settings.signingCertificate());
    }

    public SignedReceipt sign(Receipt receipt) {
        SigningKey.SignedJson signed = key.signJson(receipt.fields());
        return new SignedReceipt(receipt.receiptId(), signed.body(), signed.signature(), signed.keyId());
    }

    /** Signs arbitrary bytes (proof bundles' DSSE envelopes). */
    public byte[] signBytes(byte[] data) {
        return key.sign(data);
    }

    public SigningKey key() {
        return key;
    }
}
