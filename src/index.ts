import * as core from '@actions/core';
import { exitOnSignals } from './cancel.js';
import { run } from './main.js';

// A cancelled job (SIGINT, then SIGTERM): the heal's containers, networks and copies go; exit 130/143.
exitOnSignals(m => core.warning(m));
await run();
