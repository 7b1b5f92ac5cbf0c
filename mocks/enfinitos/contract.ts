/** The EnfinitOS contract (openapi/enfinitos.yaml), loaded and compiled once per process and shared by everything. */
import { type Contract, loadPackagedContract } from '../core/contract.js'

export const enfinitosContract: Contract = loadPackagedContract('enfinitos')
