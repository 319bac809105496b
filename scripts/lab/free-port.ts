// A free TCP port on loopback, for lab clusters and tests: the CLI's lab owns it (cli/ may not
// import scripts/), scripts and tests keep importing it from here.
export { freePort } from '../../cli/lab/free-port.ts';
