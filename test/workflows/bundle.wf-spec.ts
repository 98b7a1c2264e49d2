import { bundleWorkflowCode } from '@temporalio/worker';
import { join } from 'node:path';

// The bundler is the guard on workflow determinism: a Node built-in or a Nest module imported
// by workflow code must fail the build, and so this suite.
describe('workflow bundle', () => {
  const silent = { logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } } as const;

  it('should bundle the real workflows without disallowed imports', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows/src'), ...silent });
    expect(code).toContain('caseWorkflow');
  });

  it.each([
    ['a Node built-in', 'imports-node-builtin.ts', /fs/],
    ['a Nest module', 'imports-nest.ts', /@nestjs\/common|disallowed|Module not found/],
  ])('should fail when workflow code imports %s', async (_what, fixture, pattern) => {
    // The bundler logs webpack's errors and throws a summary (for ES modules such as NestJS 12,
    // only a generic one): the import must be named in one of them.
    const logged: string[] = [];
    const logger = { ...silent.logger, error: (message: string) => void logged.push(message) };
    const failure = await bundleWorkflowCode({ workflowsPath: join(__dirname, 'fixtures', fixture), logger }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(`${failure?.message}\n${logged.join('\n')}`).toMatch(pattern);
  });
});
