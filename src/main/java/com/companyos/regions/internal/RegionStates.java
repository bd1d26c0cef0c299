package com.companyos.regions.internal;

import com.companyos.base.RegionId;
import com.companyos.regions.RegionState;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;

import static com.companyos.db.Tables.REGION_STATE;

/** The last recorded state of each region, shared by every console (a change is recorded, and audited, once). */
@Repository
public class RegionStates {

    private final DSLContext db;

    RegionStates(DSLContext db) {
        this.db = db;
    }

    /**
     * Records that {@code region} is now {@code state}; false if it already was (another console recorded the change
     * first, or this console restarted into the state last recorded). Call inside the transaction that audits the
     * change: concurrent moves of one region wait for each other on its row.
     */
    public boolean move(RegionId region, RegionState state, Instant at) {
        int moved = db.insertInto(REGION_STATE).set(REGION_STATE.REGION, region.value()).set(REGION_STATE.STATE, state.name())
                .set(REGION_STATE.CHANGED_AT, at.atOffset(ZoneOffset.UTC))
                .onConflict(REGION_STATE.REGION).doUpdate().set(REGION_STATE.STATE, state.name())
                .set(REGION_STATE.CHANGED_AT, at.atOffset(ZoneOffset.UTC)).where(REGION_STATE.STATE.ne(state.name())).execute();
        return moved == 1;
    }
}
