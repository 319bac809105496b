// Polls until a condition holds, for lab clusters and integration tests: the CLI's lab owns it
// (cli/ may not import scripts/), scripts and tests keep importing it from here.
export { WaitTimeoutError, waitFor } from '../../cli/lab/wait-for.ts';
