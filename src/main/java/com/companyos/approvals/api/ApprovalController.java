package com.companyos.approvals.api;

import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.base.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** REST API for two-person control: status of a request (the CLI waits on it), and votes for compliance officers. */
@RestController
@RequestMapping("/api/v1/approvals")
class ApprovalController {

    private final ApprovalService approvals;

    ApprovalController(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @GetMapping("/{id}")
    ApprovalRequest get(@PathVariable UUID id) {
        return approvals.find(id).orElseThrow(() -> new NotFoundException("No approval request " + id));
    }

    @GetMapping("/mine")
    List<ApprovalRequest> mine() {
        return approvals.mine();
    }

    @PostMapping("/{id}/approve")
    ApprovalRequest approve(@PathVariable UUID id, @RequestBody Vote body) {
        return approvals.approve(id, body == null ? null : body.reason());
    }

    @PostMapping("/{id}/deny")
    ApprovalRequest deny(@PathVariable UUID id, @RequestBody Vote body) {
        return approvals.deny(id, body == null ? null : body.reason());
    }

    @PostMapping("/{id}/retry")
    ApprovalRequest retry(@PathVariable UUID id, @RequestBody Vote body) {
        approvals.retry(id, body == null ? null : body.reason());
        return get(id);
    }

    record Vote(String reason) {
    }
}
