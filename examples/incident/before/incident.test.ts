import { defineIncidentTests } from '../scenarios.js'
import { test } from './fixtures.js'

// BEFORE the fix: this suite is expected to fail, every test leaking `ensemble_trans`.
defineIncidentTests(test)
