/** The Dedit contract (openapi/dedit.yaml), loaded and compiled once per process and shared by everything. */
import { type Contract, loadPackagedContract } from '../core/contract.js'

export const deditContract: Contract = loadPackagedContract('dedit')
