package com.companyos.agentapi.control;

/**
 * Asks a region to anchor its decision chain's head. {@code afterSeq}/{@code afterHash} are the previous anchor's
 * (0 and null for the first): the region checks that its chain still carries that hash there and that what was sealed
 * since links onto it, so a new anchor never vouches for a chain that was cut or rewritten since the last one.
 */
public record AnchorRequest(long afterSeq, String afterHash) {
}
