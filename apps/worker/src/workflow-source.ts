import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const WORKFLOW_BUNDLE_PATH = join(process.cwd(), 'dist', 'workflows', 'workflow-bundle.js');
export const WORKFLOWS_PATH = require.resolve('../../../workflows/src');

// A compiled worker runs the prebuilt bundle (no webpack at start-up, and production requires
// it); a worker run from TypeScript sources bundles them, so workflow edits need no build step.
export function workflowSource(
  nodeEnv: string,
): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const compiled = __filename.endsWith('.js');
  if (nodeEnv === 'production' || compiled) {
    if (!existsSync(WORKFLOW_BUNDLE_PATH)) {
      throw new Error(`Workflow bundle missing at ${WORKFLOW_BUNDLE_PATH}: run npm run build`);
    }
    return { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } };
  }
  return { workflowsPath: WORKFLOWS_PATH };
}
