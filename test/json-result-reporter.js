/**
 * Writes jest's aggregated JSON result (the shape of `jest --json`) to a file, so `npm test` stays the one
 * test command and .ci/run can still print its `N passed, N failed` line from the result.
 */
const fs = require('node:fs');
const path = require('node:path');

class JsonResultReporter {
  constructor(globalConfig, options = {}) {
    this.outputFile = path.resolve(globalConfig.rootDir, options.outputFile ?? 'jest-results.json');
  }

  onRunStart() {
    fs.rmSync(this.outputFile, { force: true });
  }

  onRunComplete(_contexts, results) {
    fs.writeFileSync(this.outputFile, JSON.stringify(results));
  }
}

module.exports = JsonResultReporter;
