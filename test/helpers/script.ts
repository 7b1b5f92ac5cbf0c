// The request script moved to mocks/check/script.ts so that `standin check` can ship it; re-exported for the tests.
export * from '../../mocks/check/script.js'
