package com.companyos.pki;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleRootBuilderTest {

    @Test
    void the_streamed_root_equals_the_rfc_6962_root_for_every_size_up_to_300() {
        for (int n = 0; n <= 300; n++) {
            List<byte[]> leaves = new ArrayList<>();
            MerkleRootBuilder builder = new MerkleRootBuilder();
            for (int i = 0; i < n; i++) {
                byte[] data = ("receipt-" + i).getBytes();
                leaves.add(MerkleTree.leaf(data));
                builder.addData(data);
            }
            assertThat(builder.root()).as("n = " + n).isEqualTo(MerkleTree.root(leaves));
            assertThat(builder.count()).isEqualTo(n);
        }
    }

    @Test
    void one_changed_leaf_changes_the_root() {
        MerkleRootBuilder a = new MerkleRootBuilder();
        MerkleRootBuilder b = new MerkleRootBuilder();
        for (int i = 0; i < 37; i++) {
            a.addData(("r" + i).getBytes());
            b.addData(("r" + (i == 20 ? "x" : i)).getBytes());
        }
        assertThat(a.root()).isNotEqualTo(b.root());
    }
}
