package io.shiporskip.projector.verification;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/admin/verifications}: the equality proof, on demand (synchronous; seconds per 100k events). */
@RestController
class VerificationController {

    private final ReadModelVerification verification;

    VerificationController(ReadModelVerification verification) {
        this.verification = verification;
    }

    @PostMapping("/api/v1/admin/verifications")
    ReadModelVerification.Result verify() {
        return verification.run();
    }
}
