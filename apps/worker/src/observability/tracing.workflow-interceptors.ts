// Workflow-side tracing, loaded into the workflow sandbox (WorkerOptions.interceptors.workflowModules
// in development, bundleWorkflowCode's workflowInterceptorModules for the production bundle).
// Deterministic: spans leave the sandbox through the `exporter` sink, which is not called during
// replay and adds no command to history.
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
