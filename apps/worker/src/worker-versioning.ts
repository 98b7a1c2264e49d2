import type { WorkerDeploymentOptions } from '@temporalio/worker';
import type { WorkerConfig } from '@comity/config';

// Worker Versioning with worker deployments (build-id compatibility sets are deprecated). A case
// workflow lives for months or years, longer than any release: it cannot stay pinned to the
// version that started it, so every workflow defaults to AUTO_UPGRADE: it moves to the current
// version at its next workflow task, and changes to its command sequence still go behind
// patched() with replay tests. What versioning adds: a release takes work only once an operator
// makes it current (`temporal worker deployment set-current-version`), can be ramped and rolled
// back, and the previous version's workers keep serving until it has drained. A short-lived
// workflow may choose PINNED (setWorkflowOptions) and change freely between versions, provided
// the old version runs until its workflows are done.
export function workerDeploymentOptions(config: WorkerConfig): WorkerDeploymentOptions | undefined {
  if (!config.deployment) return undefined;
  return {
    useWorkerVersioning: true,
    version: { deploymentName: config.deployment.name, buildId: config.deployment.buildId },
    defaultVersioningBehavior: 'AUTO_UPGRADE',
  };
}
