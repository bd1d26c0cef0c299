/**
 * The governed tenant data path: the gate every data request passes (tenant known, resident, token valid), the
 * governed records and transfers (write, read, query, export, egress, analytics), and the group-committing writer.
 */
package com.companyos.agent.data;
