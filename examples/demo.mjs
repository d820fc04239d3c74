// Placeholder until the incident demo lands (issue: fixtures, examples and demo).
console.log('leakguard demo: the incident suite is not built yet; nothing to run.')
