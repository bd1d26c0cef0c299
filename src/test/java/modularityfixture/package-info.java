/**
 * A tiny module graph for {@code com.companyos.ModularityTest}: an agent module whose only direct dependency
 * ({@code policy}) reaches a console module ({@code approvals}). The transitive agent rule must catch it; a check of
 * direct dependencies would not. Outside {@code com.companyos}, so the real application's modules never see it.
 */
package modularityfixture;
