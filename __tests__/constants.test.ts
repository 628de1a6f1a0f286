import { BRANCH_PREFIX, Inputs } from '../src/constants.js';
import * as core from '@actions/core';

describe('constants', () => {
  it('names the branch prefix used by the loop guard', () => {
    expect(BRANCH_PREFIX).toBe('nightwatch/');
    expect(Inputs.Mode).toBe('mode');
    expect(typeof core.getInput).toBe('function');
  });
});
