// Where the `covey` command of this checkout is: what lab clusters start their daemons with (a
// shell script that execs node, so the pid it gets is the daemon's own).
import { fileURLToPath } from 'node:url';

export const COVEY_BIN = fileURLToPath(new URL('../bin/covey', import.meta.url));
