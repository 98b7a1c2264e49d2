// Workflow-side tracing, loaded into the workflow sandbox (WorkerOptions.interceptors.workflowModules
// in development, bundleWorkflowCode's workflowInterceptorModules for the production bundle).
// Deterministic: spans leave the sandbox through the `exporter` sink, which is not called during
// replay and adds no command to history.
//
// Span and trace ids are random numbers. Drawn from the workflow's own stream (the sandbox's
// Math.random), the ids of spans around queries and Update validators, which run when they are
// asked and never on replay, would move that stream: a uuid4() the workflow takes afterwards (the
// id of the art. 4 case a refusal opens) would come out different on replay and fail it as
// nondeterministic (temporalio/sdk-typescript#2023; found by the fault storm). So every tracing
// call draws from a stream of its own, and the workflow's stream is the workflow's alone.
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  getRandomStream,
  type WorkflowInterceptorsFactory,
  type WorkflowRandomStream,
} from '@temporalio/workflow';

const TRACING_RANDOM_STREAM = 'comity.tracing';

/** Runs every method of `interceptor` with Math.random drawing from `stream` (its `next` continuations keep the workflow's). */
export function drawingFrom<T extends object>(stream: WorkflowRandomStream, interceptor: T): T {
  const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(interceptor)) as (keyof T & string)[];
  for (const name of methods) {
    const method = interceptor[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    Object.defineProperty(interceptor, name, {
      value: (...args: unknown[]) =>
        stream.with(() => (method as (...a: unknown[]) => unknown).apply(interceptor, args)),
    });
  }
  return interceptor;
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  const stream = getRandomStream(TRACING_RANDOM_STREAM);
  return stream.with(() => ({
    inbound: [drawingFrom(stream, new OpenTelemetryInboundInterceptor())],
    outbound: [drawingFrom(stream, new OpenTelemetryOutboundInterceptor())],
    internals: [drawingFrom(stream, new OpenTelemetryInternalsInterceptor())],
  }));
};
