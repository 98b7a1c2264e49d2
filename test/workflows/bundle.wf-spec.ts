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
    await expect(
      bundleWorkflowCode({ workflowsPath: join(__dirname, 'fixtures', fixture), ...silent }),
    ).rejects.toThrow(pattern);
  });
});
