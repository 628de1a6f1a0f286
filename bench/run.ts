/** Benchmarks, run by `npm run bench` (node --import tsx bench/run.ts); `npm run bench -- heal` runs one. */
import { benchHeal, benchInstallOnce, benchVerifyFast } from './heal.js';
import { benchState } from './state.js';
import { benchTriage } from './triage.js';

const only = process.argv[2];
if (!only || only === 'triage') await benchTriage();
if (!only || only === 'state') await benchState();
if (!only || only === 'heal') await benchHeal();
if (!only || only === 'heal' || only === 'install') await benchInstallOnce();
// Issue 11 side by side: `npm run bench -- install` runs both.
if (!only || only === 'heal' || only === 'install' || only === 'fast') await benchVerifyFast();
