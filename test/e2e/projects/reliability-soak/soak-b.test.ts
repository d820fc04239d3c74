import { soak } from './soak-cycles.js'

soak(250)
