import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { installTracing } from '../../libs/observability/src';
import { FULL_DRAFT } from '../support/people';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';

// One trace from the HTTP request through the Update, the workflow task and the projection
// activity, recorded by an in-process exporter instead of OTLP.
describe('traces', () => {
  const exporter = new InMemorySpanExporter();
  let platform: HnToUs | undefined;

  beforeAll(async () => {
    // Before the api and worker start: they find the process's tracing installed.
    installTracing('test', exporter);
    platform = await startHnToUs();
  });
  afterAll(async () => {
    await platform?.close();
  });

  const byId = (spans: ReadableSpan[]) => new Map(spans.map((s) => [s.spanContext().spanId, s]));

  // Waits until the workflow-side and activity spans of the trace have arrived (the workflow's
  // leave its sandbox through a sink at the end of each workflow task).
  async function traceOf(root: ReadableSpan, until: (spans: ReadableSpan[]) => boolean): Promise<ReadableSpan[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === root.spanContext().traceId);
      if (until(spans) || Date.now() > deadline) return spans;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('should link the HTTP request, the Update, the workflow task and the projection activity in one trace', async () => {
    const { h, cast } = platform!;
    const id = (await h.post('/cases', cast.hnProsecutor, { kind: 'mla', requestedState: 'US', draft: FULL_DRAFT }).expect(201)).body
      .id as string;
    exporter.reset();
    await h.act(id, 'submit', cast.hnProsecutor).expect(200);

    const http = exporter.getFinishedSpans().find((s) => s.name === 'POST /api/v1/cases/:id/actions/:action');
    expect(http).toBeDefined();
    // The activity's span and the workflow task's (exported through a sink after the task) arrive
    // in either order: the decision is answered once the projection commits, not after the task.
    const spans = await traceOf(http!, (all) =>
      ['RunActivity:projectTransition', 'StartActivity:projectTransition'].every((name) => all.some((s) => s.name === name)),
    );
    const index = byId(spans);
    // Each span's chain of parents, up to the root.
    const ancestry = (span: ReadableSpan): string[] => {
      const names: string[] = [];
      for (let s: ReadableSpan | undefined = span; s; s = s.parentSpanId ? index.get(s.parentSpanId) : undefined) {
        names.push(s.name);
      }
      return names;
    };
    const projection = spans.find((s) => s.name === 'RunActivity:projectTransition');
    expect(projection).toBeDefined();
    const chain = ancestry(projection!);
    // The activity, scheduled by the workflow while it handled the Update the api sent for the
    // HTTP request (the Update's name may change with the workflow; the links may not).
    expect(chain).toEqual([
      'RunActivity:projectTransition',
      'StartActivity:projectTransition',
      expect.stringMatching(/^HandleUpdate:\w+$/),
      expect.stringMatching(/^StartWorkflowUpdate:\w+$/),
      'POST /api/v1/cases/:id/actions/:action',
    ]);
    expect(http!.parentSpanId).toBeUndefined();
    // The update's validator ran in a workflow task of the same trace.
    expect(spans.some((s) => s.name.startsWith('ValidateUpdate:'))).toBe(true);
  });

  it('should carry no request body or payload in any span', () => {
    const text = JSON.stringify(exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes })));
    expect(text).not.toContain(FULL_DRAFT.factsSummary);
    expect(text).not.toContain(FULL_DRAFT.subject);
  });
});
