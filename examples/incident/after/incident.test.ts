import { defineIncidentTests } from '../scenarios.js'
import { test } from './fixtures.js'

// AFTER the fix: the same tests, with leakguard's fixtures. Expected to pass clean.
defineIncidentTests(test)
