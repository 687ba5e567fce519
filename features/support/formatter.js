'use strict';
// Progress formatter plus two closing lines:
//   contract: N responses validated
//   N passed, N failed
// ("failed" counts every scenario that did not pass and was not skipped: failed, undefined,
// ambiguous, pending.) Cucumber's own exit code is non-zero when anything failed.
const { ProgressFormatter, Status } = require('@cucumber/cucumber');

class SwitchyardFormatter extends ProgressFormatter {
  static documentation = 'Progress output, then "contract: N responses validated" and "N passed, N failed"';

  constructor(options) {
    super(options); // registers the progress/summary listeners first, so ours prints last
    options.eventBroadcaster.on('envelope', (envelope) => {
      if (envelope.testRunFinished) this.logTotals();
    });
  }

  logTotals() {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const attempt of this.eventDataCollector.getTestCaseAttempts()) {
      if (attempt.willBeRetried) continue;
      const status = attempt.worstTestStepResult.status;
      if (status === Status.PASSED) passed += 1;
      else if (status === Status.SKIPPED) skipped += 1;
      else failed += 1;
    }
    const contract = globalThis.__switchyardContract;
    const validated = contract ? contract.validatedCount : 0;
    const jsonOnly = contract ? contract.skippedCount : 0;
    this.log(`contract: ${validated} responses validated${jsonOnly ? ` (+${jsonOnly} non-spec responses checked as JSON)` : ''}\n`);
    if (skipped) this.log(`${skipped} skipped\n`);
    this.log(`${passed} passed, ${failed} failed\n`);
  }
}

module.exports = SwitchyardFormatter;
