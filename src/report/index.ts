/** Pure Markdown builders: job summary, PR body, issue body, diagnosis comment. */
export { jobSummary } from './summary.js';
export { pullRequestBody, testFilesInDiff } from './pull-request.js';
export { issueBody } from './issue.js';
export { diagnosisComment } from './comment.js';
export { MAX_BODY, clip, code, fence, inline, neutralizeMentions, numberLines, tail } from './markdown.js';
export type * from './types.js';
