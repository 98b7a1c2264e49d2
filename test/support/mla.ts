import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { JSONToPayload, payloadToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  awaitCreatedUpdate,
  caseWorkflowId,
  MLA_WORKFLOW_TYPE,
  performActionUpdate,
  type ActionInput,
  type Actor,
  type CaseDeadline,
  type CaseTransition,
  type DeadlineEvent,
  type MlaAction,
  type MlaStage,
  type MlaWorkflowInput,
} from '@comity/contracts';
import type {
  CaseActivities as MlaActivities,
  DeadlinePlanInput,
  SubmissionAssessment,
  UnconfirmedDeadline,
} from '../../workflows/src/case/case.activities';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../libs/temporal/src/payload-codec';
import { loadPayloadConfig } from '../../libs/config/src/payload-keys';

export const ACTORS = {
  prosecutor: { userId: 'u-hn-prosecutor', roles: ['prosecutor'], authorityId: null, jurisdiction: 'HN' },
  hnSupervisor: { userId: 'u-hn-supervisor', roles: ['supervisor'], authorityId: null, jurisdiction: 'HN' },
  hnCentral: { userId: 'u-hn-central', roles: ['central_authority'], authorityId: null, jurisdiction: 'HN' },
  usCentral: { userId: 'u-us-central', roles: ['central_authority'], authorityId: null, jurisdiction: 'US' },
  usSupervisor: { userId: 'u-us-supervisor', roles: ['supervisor'], authorityId: null, jurisdiction: 'US' },
} satisfies Record<string, Actor>;

/** Deadline plans the fake activity returns when a stage is entered, relative to now. */
export type DeadlinePlan = Partial<Record<string, (at: number, events: Record<string, string>, draft: DeadlinePlanInput['draft']) => CaseDeadline[]>>;

export function deadline(key: string, at: number, dueInMs: number, over: Partial<CaseDeadline> = {}): CaseDeadline {
  return {
    key,
    label: key,
    dueAt: new Date(at + dueInMs).toISOString(),
    remindAt: null,
    onBreach: 'escalate',
    activeInStages: [],
    pausedInStages: [],
    source: 'test',
    confidence: 'default',
    status: 'pending',
    remainingMs: null,
    ...over,
  };
}

// In-memory activities: what the workflow asked for is recorded for the test to assert on.
export class FakeMlaActivities {
  readonly transitions: CaseTransition[] = [];
  readonly events: DeadlineEvent[] = [];
  /** Every deadline plan asked for, by case: the stage it was asked for. */
  readonly plansAsked: { caseId: string; stage: string }[] = [];
  assessment: SubmissionAssessment = {
    complete: true,
    missing: [],
    translationRequired: true,
    channel: 'central_authority',
    basisId: 'ia-mla-1992',
    warnings: [],
  };
  plan: DeadlinePlan = {};
  unconfirmed: Partial<Record<string, UnconfirmedDeadline[]>> = {};

  activities(): MlaActivities {
    return {
      projectTransition: async (t) => {
        this.transitions.push(t);
      },
      recordDeadlineEvent: async (e) => {
        this.events.push(e);
      },
      assessSubmission: async () => this.assessment,
      planDeadlines: async (i: DeadlinePlanInput) => this.plan[i.stage]?.(Date.parse(i.at), {}, i.draft) ?? [],
      planCaseDeadlines: async (i: DeadlinePlanInput) => {
        this.plansAsked.push({ caseId: i.caseId, stage: i.stage });
        return {
          deadlines: this.plan[i.stage]?.(Date.parse(i.at), i.events ?? {}, i.draft) ?? [],
          unconfirmed: this.unconfirmed[i.stage] ?? [],
        };
      },
    };
  }

  of(caseId: string): CaseTransition[] {
    return this.transitions.filter((t) => t.caseId === caseId);
  }
}

export function mlaInput(over: Partial<MlaWorkflowInput> = {}): MlaWorkflowInput {
  return {
    caseId: randomUUID(),
    requestingState: 'HN',
    requestedState: 'US',
    requestingAuthorityId: null,
    createdBy: ACTORS.prosecutor.userId,
    internalReview: false,
    draft: { reference: 'TEST-1', summary: 'Bank records' },
    ...over,
  };
}

export async function startMla(client: Client, taskQueue: string, over: Partial<MlaWorkflowInput> = {}) {
  const input = mlaInput(over);
  const handle = await client.workflow.start(MLA_WORKFLOW_TYPE, {
    workflowId: caseWorkflowId(input.caseId),
    taskQueue,
    args: [input],
  });
  await handle.executeUpdate(awaitCreatedUpdate, { args: [{}] });
  return { caseId: input.caseId, handle };
}

/** The failure type a refused Update carries (undefined when it was not refused). */
export async function failureType(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
    throw err;
  }
  return undefined;
}

export function act(handle: WorkflowHandle, action: MlaAction | (string & {}), actor: Actor, extra: Partial<ActionInput> = {}) {
  return handle.executeUpdate(performActionUpdate, { args: [{ action, actor, ...extra }] });
}

/** The shortest sequence of actions that brings a fresh draft to a stage. */
export const PATH_TO: Record<Exclude<MlaStage, 'closed'>, [MlaAction, Actor, Partial<ActionInput>?][]> = {
  draft: [],
  internal_review: [],
  central_authority_review: [['submit', ACTORS.prosecutor]],
  translation: [['submit', ACTORS.prosecutor], ['approve', ACTORS.hnCentral]],
  ready_to_transmit: [['submit', ACTORS.prosecutor], ['approve', ACTORS.hnCentral], ['record_translation', ACTORS.hnCentral]],
  transmitted: [],
  acknowledged: [],
  under_execution: [],
  supplementary_information: [],
  responded: [],
};
PATH_TO.transmitted = [...PATH_TO.ready_to_transmit, ['transmit', ACTORS.hnCentral]];
PATH_TO.acknowledged = [...PATH_TO.transmitted, ['acknowledge', ACTORS.usCentral]];
PATH_TO.under_execution = [...PATH_TO.acknowledged, ['begin_execution', ACTORS.usCentral]];
PATH_TO.supplementary_information = [
  ...PATH_TO.under_execution,
  ['request_supplementary_information', ACTORS.usCentral, { reason: 'Which accounts?' }],
];
PATH_TO.responded = [...PATH_TO.under_execution, ['record_final_response', ACTORS.usCentral, { result: 'executed' }]];

export async function drive(handle: WorkflowHandle, stage: Exclude<MlaStage, 'closed'>): Promise<void> {
  for (const [action, actor, extra] of PATH_TO[stage]) await act(handle, action, actor, extra);
}

// Histories of finished scenarios become replay fixtures when RECORD_HISTORIES is set
// (npm run histories:record); they are committed under test/replay/histories. Every run of the
// case is kept: the dev server in tests continues-as-new every ~40 events.
export async function recordHistory(handle: WorkflowHandle, scenario: string, workflowType = MLA_WORKFLOW_TYPE): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  // Only finished cases: a run exported mid-flight could stop before its first workflow task.
  await handle.result();
  const dir = join(__dirname, '..', 'replay', 'histories', workflowType);
  await mkdir(dir, { recursive: true });
  const codec = new AesGcmPayloadCodec(loadPayloadConfig().keys);
  const cli = (...args: string[]) =>
    execFileSync(
      process.env.TEMPORAL_CLI!,
      [...args, '--address', process.env.TEMPORAL_ADDRESS!, '--namespace', process.env.TEMPORAL_NAMESPACE!],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  const runs = (JSON.parse(cli('workflow', 'list', '--query', `WorkflowId = '${handle.workflowId}'`, '--output', 'json')) as {
    execution: { runId: string };
    startTime: string;
  }[]).sort((a, b) => a.startTime.localeCompare(b.startTime));
  for (const [i, run] of runs.entries()) {
    // The CLI's JSON export is the format historyFromJSON (and the Temporal UI) reads back.
    const json = cli('workflow', 'show', '--output', 'json', '--workflow-id', handle.workflowId, '--run-id', run.execution.runId);
    await writeFile(join(dir, `${scenario}.run${i + 1}.json`), `${JSON.stringify(decryptedHistoryJson(JSON.parse(json), codec), null, 2)}\n`);
  }
}

// The run's payload key is random, so a fixture is saved with its payloads decrypted (fake data
// only); the codec passes them through on replay, as it does for histories from before encryption.
const ENCRYPTED_ENCODING_B64 = Buffer.from(ENCRYPTED_ENCODING).toString('base64');
export function decryptedHistoryJson(node: unknown, codec: AesGcmPayloadCodec): unknown {
  if (Array.isArray(node)) return node.map((n) => decryptedHistoryJson(n, codec));
  if (node === null || typeof node !== 'object') return node;
  const payload = node as JSONPayload;
  if (payload.metadata?.encoding === ENCRYPTED_ENCODING_B64) return payloadToJSON(codec.decrypt(JSONToPayload(payload)));
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, decryptedHistoryJson(v, codec)]));
}
