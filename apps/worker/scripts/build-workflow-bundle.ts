import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FAILURE_CONVERTER_PATH } from '@comity/temporal';
import { WORKFLOW_BUNDLE_PATH, WORKFLOWS_PATH } from '../src/workflow-source';
import { TRACING_WORKFLOW_MODULE } from '../src/observability/tracing-workflow-module';

// Prebuilds the workflow bundle the production worker loads. Exits 1 on any failure,
// including a disallowed import in workflow code.
async function main(): Promise<void> {
  const started = Date.now();
  const quiet = () => undefined;
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    // Workflow-side tracing (a no-op unless the worker exports traces); see worker-observability.ts.
    workflowInterceptorModules: [TRACING_WORKFLOW_MODULE],
    // Failures the workflow raises (refusals) are encoded as the worker's data converter says.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // webpack's statistics are noise on every start; warnings and errors still show.
    logger: { trace: quiet, debug: quiet, info: quiet, log: quiet, warn: console.warn, error: console.error },
  });
  await mkdir(dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  await writeFile(WORKFLOW_BUNDLE_PATH, code);
  console.log(`Workflow bundle written to ${WORKFLOW_BUNDLE_PATH} in ${Date.now() - started} ms`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
