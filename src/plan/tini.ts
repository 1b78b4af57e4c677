import { execForm } from './safe.js';
import { aptInstall } from './steps.js';
import type { RunStep } from './types.js';

/**
 * Debian's tini: a small PID 1 that forwards signals and reaps zombies (R2). Interpreters such as
 * Node.js and Python ignore SIGTERM when they are PID 1, so their images run under it.
 */
export const TINI_INSTALL: RunStep = aptInstall(['tini']);

export const TINI_ENTRYPOINT = execForm(['/usr/bin/tini', '--'], 'dockgen');
