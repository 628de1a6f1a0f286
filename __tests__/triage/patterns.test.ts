import { classify, matchPattern } from '../../src/triage/patterns.js';

describe('known patterns', () => {
  it.each([
    [
      'network-timeout',
      'npm ERR! network request to https://registry.npmjs.org/x failed, reason: connect ETIMEDOUT 104.16.1.35:443'
    ],
    [
      'dns-failure',
      'fatal: unable to access https://github.com/acme/app/: Could not resolve host: github.com'
    ],
    ['registry-5xx', 'npm ERR! code E503'],
    ['registry-5xx', 'ERROR: HTTP error 502 while getting https://files.pythonhosted.org/packages/x.whl'],
    [
      'rate-limit',
      'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating'
    ],
    ['disk-full', 'OSError: [Errno 28] No space left on device'],
    ['oom-kill', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'],
    [
      'runner-lost',
      'The runner has received a shutdown signal. This can happen when the runner service is stopped'
    ],
    [
      'service-unavailable',
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": 503 Service Unavailable'
    ],
    [
      'job-timeout',
      'The job running on runner GitHub Actions 2 has exceeded the maximum execution time of 360 minutes.'
    ]
  ])('names %s', (name, line) => {
    expect(matchPattern([line])?.name).toBe(name);
  });

  it('does not fire on ordinary failures', () => {
    expect(
      matchPattern(["E       NameError: name 'totl' is not defined", 'FAILED tests/test_x.py::test_y'])
    ).toBeUndefined();
  });
});

describe('classify', () => {
  it('reads the category from the tools that failed', () => {
    expect(classify([{ tool: 'pytest', message: 'x' }], []).category).toBe('test');
    expect(classify([{ tool: 'tsc', message: 'x' }], []).category).toBe('build');
    expect(classify([{ tool: 'eslint', message: 'x' }], []).category).toBe('lint');
    expect(classify([{ tool: 'pip', message: 'x' }], []).category).toBe('dependency');
    expect(classify([], ['nothing to see']).category).toBe('unknown');
  });

  it('lets an infra pattern win over a dependency tool but not over failing tests', () => {
    const evidence = [
      'npm ERR! code ETIMEDOUT',
      'npm ERR! network request to https://registry.npmjs.org/x failed, reason: connect ETIMEDOUT'
    ];
    expect(classify([{ tool: 'npm', errorType: 'ETIMEDOUT', message: evidence[1] }], evidence)).toEqual({
      category: 'infra',
      knownPattern: 'network-timeout'
    });
    const test = classify(
      [{ tool: 'pytest', message: 'assert 1 == 2' }],
      ['ConnectionResetError: Connection reset by peer']
    );
    expect(test.category).toBe('test');
  });

  it('recognises timeouts and cancellations', () => {
    expect(classify([], ['The operation was canceled.'])).toEqual({
      category: 'cancelled',
      knownPattern: 'cancelled'
    });
    expect(classify([], ['The command "timeout 30m make test" exited with 124.'])).toEqual({
      category: 'timeout',
      knownPattern: 'job-timeout'
    });
  });
});
