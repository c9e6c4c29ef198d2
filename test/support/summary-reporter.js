// Prints one plain closing line per Jest run, e.g. "e2e: 108 passed, 0 failed", which CI reads.
'use strict';

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const projects = new Set(
      results.testResults.map((r) => r.displayName?.name).filter((name) => Boolean(name)),
    );
    const label = [...projects].sort().join('+') || 'tests';
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `${label}: ${results.numPassedTests} passed, ${results.numFailedTests} failed` +
        (skipped > 0 ? `, ${skipped} skipped` : '') +
        '\n',
    );
  }
}

module.exports = SummaryReporter;
