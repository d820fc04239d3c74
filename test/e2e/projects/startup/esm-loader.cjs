// Preloaded into each worker (CommonJS, so it makes no ESM facade itself): the test reads
// the ESM loader's cache through this.
globalThis[Symbol.for('leakguard.e2e.esmLoader')] = require('internal/modules/esm/loader')
